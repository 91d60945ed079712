package dev.acs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * GitHub's documented REST example bodies from {@code ../shared/fixtures/github-api/} (see its
 * README). Tests serve them as they are; where a test needs a different value (a draft pull
 * request, a comment by the bot), it changes that one field in code, so the change is visible in the
 * test and the rest of the body stays GitHub's.
 */
public final class GitHubFixtures {
  private GitHubFixtures() {}

  public static Path dir() {
    return SharedFolder.require("fixtures/github-api");
  }

  /** The file's text, exactly. */
  public static String body(String file) {
    try {
      return Files.readString(dir().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(String file) {
    try {
      return Json.MAPPER.readTree(body(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SYNTHETIC error body. GitHub documents only the schema of its error responses ({@code
   * basic-error}: message, documentation_url, url, status; see the descriptor files), never an
   * example; this fills that schema. Tests that serve it should say so.
   */
  public static ObjectNode basicError(int status, String message) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.put("message", message);
    error.put("documentation_url", "https://docs.github.com/rest");
    error.put("status", String.valueOf(status));
    return error;
  }

  /** A copy to adjust one field of. */
  public static ObjectNode object(String file) {
    return (ObjectNode) json(file).deepCopy();
  }

  public static final String APP = "GET-app-200.json";
  public static final String INSTALLATIONS = "GET-app__installations-200.json";
  public static final String TOKEN = "POST-app__installations__{installation_id}__access_tokens-201.json";
  public static final String REPO = "GET-repos__{owner}__{repo}-200.json";
  public static final String PERMISSION = "GET-repos__{owner}__{repo}__collaborators__{username}__permission-200.json";
  public static final String CONTENT_FILE = "GET-repos__{owner}__{repo}__contents__{path}-200.json";
  public static final String CONTENT_DIR = "GET-repos__{owner}__{repo}__contents__{path}-200.response-if-content-is-a-directory.json";
  public static final String CONTENT_SYMLINK = "GET-repos__{owner}__{repo}__contents__{path}-200.response-if-content-is-a-symlink.json";
  public static final String ISSUE = "GET-repos__{owner}__{repo}__issues__{issue_number}-200.json";
  public static final String ISSUE_COMMENTS = "GET-repos__{owner}__{repo}__issues__{issue_number}__comments-200.json";
  public static final String COMMENT_CREATED = "POST-repos__{owner}__{repo}__issues__{issue_number}__comments-201.json";
  public static final String COMMENT_EDITED = "PATCH-repos__{owner}__{repo}__issues__comments__{comment_id}-200.json";
  public static final String REACTION_CREATED = "POST-repos__{owner}__{repo}__issues__comments__{comment_id}__reactions-201.json";
  public static final String REVIEW_REACTION_CREATED = "POST-repos__{owner}__{repo}__pulls__comments__{comment_id}__reactions-201.json";
  public static final String PULL_CREATED = "POST-repos__{owner}__{repo}__pulls-201.json";
  public static final String PULL = "GET-repos__{owner}__{repo}__pulls__{pull_number}-200.json";
  public static final String PULLS = "GET-repos__{owner}__{repo}__pulls-200.json";
  public static final String PULL_EDITED = "PATCH-repos__{owner}__{repo}__pulls__{pull_number}-200.json";
  public static final String CHECK_RUN_CREATED = "POST-repos__{owner}__{repo}__check-runs-201.example-of-in-progress-conclusion.json";
  public static final String CHECK_RUN_CREATED_COMPLETED = "POST-repos__{owner}__{repo}__check-runs-201.json";
  public static final String CHECK_RUN_UPDATED = "PATCH-repos__{owner}__{repo}__check-runs__{check_run_id}-200.json";
  public static final String CHECK_RUNS_FOR_REF = "GET-repos__{owner}__{repo}__commits__{ref}__check-runs-200.json";
  public static final String ANNOTATIONS = "GET-repos__{owner}__{repo}__check-runs__{check_run_id}__annotations-200.json";
  public static final String JOBS = "GET-repos__{owner}__{repo}__actions__runs__{run_id}__jobs-200.json";
  public static final String JOB_LOGS_302 = "GET-repos__{owner}__{repo}__actions__jobs__{job_id}__logs-302.json";
  public static final String RERUN = "POST-repos__{owner}__{repo}__actions__runs__{run_id}__rerun-failed-jobs-201.json";
  public static final String REVIEW_COMMENTS = "GET-repos__{owner}__{repo}__pulls__{pull_number}__reviews__{review_id}__comments-200.json";
  public static final String REPLY_CREATED = "POST-repos__{owner}__{repo}__pulls__{pull_number}__comments__{comment_id}__replies-201.json";
}
