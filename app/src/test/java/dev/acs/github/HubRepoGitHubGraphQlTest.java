package dev.acs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import dev.acs.testing.GitHubFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two GraphQL mutations. GitHub publishes no GraphQL response examples, so every GraphQL body
 * here is SYNTHETIC: shaped by the selection set of ACS's query, as the GraphQL spec defines, with
 * field names and types from GitHub's schema (octokit/graphql-schema; fullDatabaseId is a BigInt,
 * sent as a string; thread ids look like PRRT_…).
 */
class HubRepoGitHubGraphQlTest extends WireMockGitHub {
  RepoGitHub repo;

  @BeforeEach
  void setUp() {
    stubRepository();
    repo = tokenRepo();
  }

  void stubPull(boolean draft) {
    ObjectNode pull = GitHubFixtures.object(GitHubFixtures.PULL);
    pull.put("draft", draft); // the documented example is not a draft
    stub(get(urlPathEqualTo(API + "/pulls/1347")), json(200, pull));
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void marksADraftReadyForReviewByItsNodeId() {
    stubPull(true);
    stub(post(urlPathEqualTo("/graphql")), json(200,
        "{\"data\":{\"markPullRequestReadyForReview\":{\"pullRequest\":{\"id\":\"MDExOlB1bGxSZXF1ZXN0MQ==\",\"isDraft\":false}}}}"));

    repo.markReadyForReview(1347);

    github.verify(postRequestedFor(urlPathEqualTo("/graphql"))
        .withHeader("Authorization", equalTo("token " + FIXTURE_TOKEN))
        .withRequestBody(matchingJsonPath("$.query", containing("markPullRequestReadyForReview(input: {pullRequestId: $id})")))
        .withRequestBody(matchingJsonPath("$.variables.id", equalTo("MDExOlB1bGxSZXF1ZXN0MQ=="))));
  }

  @Test
  void aPullRequestThatIsAlreadyReadyIsLeftAlone() {
    stubPull(false);
    repo.markReadyForReview(1347); // a GraphQL call would be unmatched and fail the test
    github.verify(0, postRequestedFor(urlPathEqualTo("/graphql")));
  }

  static String threadsPage(boolean resolved, String commentRestId, boolean hasNext, String cursor) {
    return "{\"data\":{\"repository\":{\"pullRequest\":{\"reviewThreads\":{"
        + "\"pageInfo\":{\"hasNextPage\":" + hasNext + ",\"endCursor\":\"" + cursor + "\"},"
        + "\"nodes\":[{\"id\":\"PRRT_kwDOA" + commentRestId + "\",\"isResolved\":" + resolved + ","
        + "\"comments\":{\"nodes\":[{\"id\":\"PRRC_kwDOB" + commentRestId + "\",\"fullDatabaseId\":\"" + commentRestId
        + "\"}]}}]}}}}}";
  }

  @Test
  void resolvesTheThreadThatHoldsTheCommentFindingItAcrossPages() {
    stub(post(urlPathEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("reviewThreads")))
            .withRequestBody(matchingJsonPath("$.variables.after", equalTo("null")).or(
                matchingJsonPath("$[?(@.variables.after == null)]"))),
        json(200, threadsPage(false, "7", true, "Y3Vyc29yOjE=")));
    stub(post(urlPathEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("reviewThreads")))
            .withRequestBody(matchingJsonPath("$.variables.after", equalTo("Y3Vyc29yOjE="))),
        json(200, threadsPage(false, "2500000001", false, "Y3Vyc29yOjI=")));
    stub(post(urlPathEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("resolveReviewThread"))),
        json(200, "{\"data\":{\"resolveReviewThread\":{\"thread\":{\"id\":\"PRRT_kwDOA2500000001\",\"isResolved\":true}}}}"));

    repo.resolveThreadOf(1347, 2_500_000_001L); // past 2^31: databaseId could not hold it

    JsonNode first = requestJson(github.findAll(postRequestedFor(urlPathEqualTo("/graphql"))).get(0));
    assertThat(first.path("variables").path("owner").asText()).isEqualTo("octocat");
    assertThat(first.path("variables").path("name").asText()).isEqualTo("Hello-World");
    assertThat(first.path("variables").path("number").asInt()).isEqualTo(1347);
    github.verify(1, postRequestedFor(urlPathEqualTo("/graphql"))
        .withRequestBody(matchingJsonPath("$.query", containing("resolveReviewThread")))
        .withRequestBody(matchingJsonPath("$.variables.threadId", equalTo("PRRT_kwDOA2500000001"))));
  }

  @Test
  void aResolvedThreadIsNotResolvedAgain() {
    stub(post(urlPathEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.query", containing("reviewThreads"))),
        json(200, threadsPage(true, "10", false, "c")));
    repo.resolveThreadOf(1347, 10);
    github.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));
  }

  @Test
  void aCommentInNoThreadIs404() {
    stub(post(urlPathEqualTo("/graphql")), json(200, threadsPage(false, "10", false, "c")));
    assertThatThrownBy(() -> repo.resolveThreadOf(1347, 11))
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("no review thread holds that comment");
        });
  }

  @Test
  void graphqlErrorsBecomeGitHubExceptions() {
    // GraphQL answers errors with 200 and an "errors" list (GraphQL spec, section 7.1.2).
    stub(post(urlPathEqualTo("/graphql")), json(200, "{\"data\":{\"repository\":null},\"errors\":[{\"type\":\"NOT_FOUND\","
        + "\"path\":[\"repository\"],\"message\":\"Could not resolve to a Repository with the name 'octocat/Hello-World'.\"}]}"));
    assertThatThrownBy(() -> repo.resolveThreadOf(1347, 10))
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("GraphQL error NOT_FOUND: Could not resolve to a Repository");
        });
  }
}
