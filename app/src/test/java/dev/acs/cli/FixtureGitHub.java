package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * WireMock as api.github.com for one repository, answering with GitHub's documented example bodies
 * from {@code ../shared/fixtures/github-api/}. The examples describe {@code octocat/Hello-World}
 * with issue and pull request #1347; where a test needs another value, it is set in code here
 * (default branch {@code main}: the git server's; the issue without its pull-request marker).
 * To be folded into the shared GitHub API stub once that lands on main.
 */
final class FixtureGitHub {
  static final String REPO = "octocat/Hello-World";
  static final String API = "/repos/" + REPO;
  static final int ISSUE = 1347;

  private FixtureGitHub() {}

  static Path sharedDir() {
    return dev.acs.testing.SharedFolder.require("fixtures").getParent();
  }

  static String body(String file) {
    try {
      return Files.readString(sharedDir().resolve("fixtures/github-api").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(String file) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(body(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A webhook payload from {@code ../shared/fixtures/webhooks/}, e.g. {@code issues/labeled.json}. */
  static ObjectNode webhook(String relative) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(sharedDir().resolve("fixtures/webhooks").resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The payload moved onto the fixtures' repository and issue, sent by octocat (an admin there). */
  static ObjectNode onFixtureRepository(ObjectNode payload) {
    ObjectNode repo = (ObjectNode) payload.get("repository");
    repo.put("full_name", REPO).put("name", "Hello-World").put("default_branch", "main");
    ((ObjectNode) repo.get("owner")).put("login", "octocat");
    if (payload.has("issue")) {
      ((ObjectNode) payload.get("issue")).put("number", ISSUE);
    }
    ((ObjectNode) payload.get("sender")).put("login", "octocat");
    return payload;
  }

  static ResponseDefinitionBuilder json(int status, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(text);
  }

  /**
   * SYNTHETIC error body: GitHub documents only the basic-error schema for these statuses, no
   * example; this fills that schema.
   */
  static ResponseDefinitionBuilder basicError(int status, String message) {
    return json(status, Map.of("message", message, "documentation_url", "https://docs.github.com/rest", "status", String.valueOf(status)));
  }

  /** Everything the issue → pull request pipeline asks of GitHub, with the workflow token's answers. */
  static void stubIssueToPullRequest(WireMockExtension github) {
    ObjectNode repo = object("GET-repos__{owner}__{repo}-200.json");
    repo.put("default_branch", "main");
    github.stubFor(get(urlPathEqualTo(API)).willReturn(json(200, repo)));
    // The Actions token may not read GET /user (403); ACS asks GraphQL's viewer who it is.
    github.stubFor(get(urlPathEqualTo("/user")).willReturn(basicError(403, "Resource not accessible by integration")));
    github.stubFor(post(urlPathEqualTo("/graphql")).withRequestBody(containing("viewer"))
        .willReturn(json(200, viewer("github-actions[bot]", 41898282L))));
    github.stubFor(get(urlPathEqualTo(API + "/contents/.github/acs.yml")).willReturn(basicError(404, "Not Found")));
    github.stubFor(get(urlPathMatching(API + "/collaborators/[^/]+/permission"))
        .willReturn(json(200, body("GET-repos__{owner}__{repo}__collaborators__{username}__permission-200.json"))));
    ObjectNode issue = object("GET-repos__{owner}__{repo}__issues__{issue_number}-200.json");
    issue.remove("pull_request");
    github.stubFor(get(urlPathEqualTo(API + "/issues/" + ISSUE)).willReturn(json(200, issue)));
    github.stubFor(get(urlPathEqualTo(API + "/issues/" + ISSUE + "/comments"))
        .willReturn(json(200, body("GET-repos__{owner}__{repo}__issues__{issue_number}__comments-200.json"))));
    github.stubFor(post(urlPathEqualTo(API + "/issues/" + ISSUE + "/comments"))
        .willReturn(json(201, body("POST-repos__{owner}__{repo}__issues__{issue_number}__comments-201.json"))));
    // The plan comment is edited in place by its id as the work goes on (its progress report).
    github.stubFor(patch(urlPathMatching(API + "/issues/comments/[0-9]+"))
        .willReturn(json(200, body("PATCH-repos__{owner}__{repo}__issues__comments__{comment_id}-200.json"))));
    github.stubFor(post(urlPathEqualTo(API + "/check-runs"))
        .willReturn(json(201, body("POST-repos__{owner}__{repo}__check-runs-201.example-of-in-progress-conclusion.json"))));
    github.stubFor(patch(urlPathMatching(API + "/check-runs/[0-9]+"))
        .willReturn(json(200, body("PATCH-repos__{owner}__{repo}__check-runs__{check_run_id}-200.json"))));
    github.stubFor(get(urlPathEqualTo(API + "/pulls")).willReturn(json(200, body("GET-repos__{owner}__{repo}__pulls-200.json"))));
    github.stubFor(post(urlPathEqualTo(API + "/pulls")).willReturn(json(201, body("POST-repos__{owner}__{repo}__pulls-201.json"))));
  }

  /**
   * GraphQL's answer to {@code query { viewer { login databaseId } }}: SYNTHETIC, in the shape of
   * GitHub's GraphQL schema ({@code data.viewer}); the Actions token's account is github-actions[bot],
   * user id 41898282.
   */
  static Map<String, Object> viewer(String login, long id) {
    return Map.of("data", Map.of("viewer", Map.of("login", login, "databaseId", id)));
  }

  static JsonNode requestJson(com.github.tomakehurst.wiremock.verification.LoggedRequest request) {
    try {
      return Json.MAPPER.readTree(request.getBodyAsString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
