package dev.acs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acs.config.Json;
import dev.acs.testing.GitHubFixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WireMock standing in for api.github.com, answering with GitHub's documented example bodies. An
 * unmatched request fails the test. hub4j's and the JDK's real HTTP clients talk to it.
 */
abstract class WireMockGitHub {
  @RegisterExtension
  static WireMockExtension github =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  /** The token in GitHub's documented installation-token example: a published example, not a secret. */
  static final String FIXTURE_TOKEN = dev.acs.testing.SharedFolder.has("fixtures/github-api")
      ? GitHubFixtures.json(GitHubFixtures.TOKEN).path("token").asText() : "ghs_noSharedFixturesTestsUsingThemAreSkipped";

  /** The fixture's repository. */
  static final String REPO = "octocat/Hello-World";
  static final String API = "/repos/" + REPO;

  /** Waits asked for by rate-limit handling; nothing really sleeps. */
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  RateLimitWaits waits(Duration max) {
    return new RateLimitWaits(max, sleeps::add, Clock.systemUTC());
  }

  RepoGitHub tokenRepo() {
    return GitHubApps.forToken(FIXTURE_TOKEN, REPO, github.baseUrl(), waits(Duration.ofSeconds(120)));
  }

  static ResponseDefinitionBuilder fixture(int status, String file) {
    return json(status, GitHubFixtures.body(file));
  }

  static ResponseDefinitionBuilder json(int status, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(text);
  }

  /**
   * SYNTHETIC error body: GitHub documents only the schema (basic-error: message,
   * documentation_url, status) for its error responses, no example; this fills that schema.
   */
  static ResponseDefinitionBuilder basicError(int status, String message) {
    return json(status, GitHubFixtures.basicError(status, message));
  }

  static void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
    github.stubFor(request.willReturn(response));
  }

  void stubRepository() {
    stub(get(urlPathEqualTo(API)), fixture(200, GitHubFixtures.REPO));
  }

  /**
   * The Actions GITHUB_TOKEN: GitHub refuses it GET /user (synthetic basic-error body); GraphQL's
   * viewer answers github-actions[bot].
   */
  void stubActionsTokenUser() {
    stubTokenUser("github-actions[bot]", 41898282L);
  }

  /**
   * An installation token acting as {@code login}: GET /user refused as GitHub refuses it to every
   * installation token; GraphQL's {@code viewer} answers (SYNTHETIC body in the shape of GitHub's
   * GraphQL schema: {@code data.viewer.login/databaseId}).
   */
  void stubTokenUser(String login, long id) {
    stub(get(urlPathEqualTo("/user")), basicError(403, "Resource not accessible by integration"));
    stub(post(urlPathEqualTo("/graphql")).withRequestBody(containing("viewer")),
        json(200, Map.of("data", Map.of("viewer", Map.of("login", login, "databaseId", id)))));
  }

  static JsonNode requestJson(com.github.tomakehurst.wiremock.verification.LoggedRequest request) {
    try {
      return Json.MAPPER.readTree(request.getBodyAsString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Instant at(String iso) {
    return Instant.parse(iso);
  }
}
