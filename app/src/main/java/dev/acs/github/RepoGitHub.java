package dev.acs.github;

import java.util.List;
import java.util.Optional;

/**
 * Everything ACS does on GitHub for one repository, acting as one App installation (or, in the
 * Action, as the workflow token). The one place that writes to GitHub: implementations know
 * dry-run, add the hidden marker to ACS's comments, and edit their own earlier comment instead of
 * adding another. Implementations: {@code HubRepoGitHub} (hub4j over REST/GraphQL),
 * {@code DryRunRepoGitHub} (prints writes, performs reads) and an in-memory one for the demo.
 *
 * <p>Errors from GitHub surface as {@link GitHubException} with the HTTP status, never as a
 * hub4j type.
 */
public interface RepoGitHub {

  /** owner/name of the repository. */
  String fullName();

  /**
   * The login ACS acts as here: {@code <app-slug>[bot]} for an App installation, the token's user
   * for a token ({@code github-actions[bot]} for an Actions GITHUB_TOKEN). Events and comments by
   * this login are ACS's own.
   */
  String botLogin();

  RepoInfo repository();

  /** The actor's permission on this repository: admin, maintain, write, triage, read or none. */
  String permissionOf(String login);

  /** A file's text at a ref (branch, tag or SHA); empty when it does not exist. */
  Optional<String> readFile(String path, String ref);

  IssueInfo issue(int number);

  /**
   * Another repository reached with the same credentials (the App installation's token), for
   * reading only: the settings a repository extends ({@code _extends}). Empty where this access
   * reaches no other repository; whether the repository exists shows on first use (a
   * {@link GitHubException} with 404 when it does not, or the installation cannot see it).
   */
  default Optional<RepoGitHub> otherRepository(String fullName) {
    return Optional.empty();
  }

  /**
   * Who reads and where, for caches of what this access reads from other repositories ({@link
   * ExtendsCache}): the API's URL and the App installation, or a digest of the token. Empty where
   * such reads must not be cached.
   */
  default Optional<String> cacheScope() {
    return Optional.empty();
  }

  /**
   * ACS's own earlier comment on the issue/PR whose hidden marker has this {@code key}: written by
   * {@link #botLogin()}, never someone else's comment that merely contains the marker.
   */
  Optional<Long> markedComment(int issueNumber, String key);

  /**
   * Creates the comment, or edits ACS's earlier comment on the same issue/PR that carries the
   * same {@code key} in its hidden marker. Returns the comment id.
   */
  long upsertComment(int issueNumber, String key, String markdown);

  /**
   * Edits ACS's comment {@code commentId} (recorded when it was posted) on the issue/PR in place,
   * with the hidden marker of {@code key}: one request, no listing of the thread. When the comment
   * is gone (a person deleted it), falls back to {@link #upsertComment}. Returns the comment id.
   */
  default long editComment(int issueNumber, long commentId, String key, String markdown) {
    return upsertComment(issueNumber, key, markdown);
  }

  /** Always a new comment (replies to commands, one-off notices). Returns the comment id. */
  long comment(int issueNumber, String markdown);

  /** Reaction on an issue/PR conversation comment: +1, -1, laugh, confused, heart, hooray, rocket, eyes. */
  void reactToIssueComment(long commentId, String content);

  /** Reaction on a pull-request review comment (a comment on a diff line). */
  void reactToReviewComment(long commentId, String content);

  PullRequestInfo openDraftPullRequest(String title, String head, String base, String body);

  Optional<PullRequestInfo> pullRequest(int number);

  /** The open pull request whose head is this branch of this repository, if any. */
  Optional<PullRequestInfo> openPullRequestForBranch(String branch);

  void updatePullRequestBody(int number, String body);

  /** Draft → ready for review (GraphQL markPullRequestReadyForReview; REST cannot do it). */
  void markReadyForReview(int number);

  /** Creates a check run on {@code headSha}; returns its id. */
  long createCheckRun(String name, String headSha, CheckRunUpdate first);

  /** The same, with the run's "Details" link ({@code details_url}) to {@code detailsUrl} when not null. */
  default long createCheckRun(String name, String headSha, CheckRunUpdate first, String detailsUrl) {
    return createCheckRun(name, headSha, first);
  }

  void updateCheckRun(long checkRunId, CheckRunUpdate update);

  /** The latest check runs on a ref (SHA or branch). */
  List<CheckRunInfo> checkRunsForRef(String ref);

  List<AnnotationInfo> annotations(long checkRunId);

  /** Jobs of a GitHub Actions workflow run. */
  List<JobInfo> jobsOfRun(long runId);

  /** The plain-text log of one Actions job (follows GitHub's 302 to the log file). */
  String jobLog(long jobId);

  void rerunFailedJobs(long runId);

  /** The comments of one review, in order. */
  List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId);

  /** Replies in the thread of a review comment; returns the reply's id. */
  long replyToReviewComment(int pullNumber, long commentId, String body);

  /** Resolves the review thread that holds this comment (GraphQL resolveReviewThread). */
  void resolveThreadOf(int pullNumber, long commentId);

  /**
   * Open issues (not pull requests) opened by {@code login}, newest first, at most 100: how ACS
   * finds its own issues (the dashboard issue) again.
   */
  default List<IssueInfo> openIssuesBy(String login) {
    throw new UnsupportedOperationException("listing issues is not supported by " + getClass().getSimpleName());
  }

  /** Opens an issue; returns its number. */
  default int createIssue(String title, String body) {
    throw new UnsupportedOperationException("opening issues is not supported by " + getClass().getSimpleName());
  }

  /** Replaces an issue's body (ACS edits only its own issues). */
  default void updateIssueBody(int number, String body) {
    throw new UnsupportedOperationException("editing issues is not supported by " + getClass().getSimpleName());
  }

  /** A token that may push to this repository over HTTPS as {@code x-access-token}. */
  String pushToken();

  /**
   * A token that may fetch the repository. The same as {@link #pushToken()}, except in a dry run,
   * where reading is allowed but pushing is not.
   */
  default String fetchToken() {
    return pushToken();
  }

  /** True when writes are only printed ({@code --dry-run}): the pipeline then skips the git push too. */
  default boolean dryRun() {
    return false;
  }

  record RepoInfo(String fullName, boolean isPrivate, boolean fork, String defaultBranch, String cloneUrl) {}

  record IssueInfo(int number, String title, String body, String author, List<String> labels, boolean pullRequest) {}

  record PullRequestInfo(
      int number, String url, String headRef, String headSha, String baseRef, boolean draft, String state, String body) {}

  /** status: queued, in_progress or completed; conclusion only when completed. */
  record CheckRunUpdate(
      String status, String conclusion, String title, String summary, String text, List<AnnotationInfo> annotations) {
    public static CheckRunUpdate inProgress(String title, String summary) {
      return new CheckRunUpdate("in_progress", null, title, summary, null, List.of());
    }

    public static CheckRunUpdate completed(String conclusion, String title, String summary, String text, List<AnnotationInfo> annotations) {
      return new CheckRunUpdate("completed", conclusion, title, summary, text, annotations);
    }
  }

  /** A check run as GitHub reports it; {@code appSlug} tells ACS's own run apart. */
  record CheckRunInfo(
      long id, String name, String headSha, String status, String conclusion, String appSlug,
      String outputTitle, String outputSummary, String outputText, String detailsUrl, Long checkSuiteId) {}

  /** level: notice, warning or failure (GitHub's annotation_level). */
  record AnnotationInfo(String path, int startLine, int endLine, String level, String message, String title) {}

  record JobInfo(long id, long runId, String name, String status, String conclusion, String headSha) {}

  record ReviewCommentInfo(
      long id, String nodeId, String author, String authorType, String body, String path, Integer line,
      Integer originalLine, String diffHunk, String commitId, Long inReplyTo) {}
}
