package dev.acs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.acs.testing.GitHubFixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Rate limits on both paths (hub4j and plain HTTP). The limit answers' bodies are SYNTHETIC
 * basic-error bodies with the messages GitHub's rate-limit docs quote; the headers are the
 * documented ones (retry-after, x-ratelimit-remaining, x-ratelimit-reset). Nothing really sleeps:
 * the waits asked for are recorded.
 */
class RateLimitTest extends WireMockGitHub {
  static ResponseDefinitionBuilder secondary(int status, int retryAfter) {
    return basicError(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
        .withHeader("Retry-After", String.valueOf(retryAfter));
  }

  static ResponseDefinitionBuilder primary(long resetEpochSecond) {
    return basicError(403, "API rate limit exceeded for installation ID 1.")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", String.valueOf(resetEpochSecond));
  }

  @Test
  void hub4jWaitsOutAShortSecondaryLimitAndGoesOn() {
    github.stubFor(get(urlPathEqualTo(API)).inScenario("limit").whenScenarioStateIs(STARTED)
        .willReturn(secondary(403, 30)).willSetStateTo("waited"));
    github.stubFor(get(urlPathEqualTo(API)).inScenario("limit").whenScenarioStateIs("waited")
        .willReturn(fixture(200, GitHubFixtures.REPO)));

    assertThat(tokenRepo().repository().fullName()).isEqualTo(REPO);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    github.verify(2, getRequestedFor(urlPathEqualTo(API)));
  }

  @Test
  void hub4jFailsClearlyWhenGitHubAsksForALongerWaitThanAcsWaits() {
    stub(get(urlPathEqualTo(API)), secondary(429, 3600));
    assertThatThrownBy(() -> tokenRepo().repository())
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.getMessage())
              .contains("secondary rate limit")
              .contains("wait 3600 s, longer than ACS waits (120 s")
              .doesNotContain(FIXTURE_TOKEN);
        });
    assertThat(sleeps).isEmpty();
    github.verify(1, getRequestedFor(urlPathEqualTo(API)));
  }

  @Test
  void anExhaustedPrimaryLimitFailsWithTheWaitItNeeds() {
    stub(get(urlPathEqualTo(API)), primary(Instant.now().getEpochSecond() + 1800));
    assertThatThrownBy(() -> tokenRepo().repository())
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("primary rate limit reached");
        });
  }

  @Test
  void hub4jGivesUpAfterRepeatedShortLimits() {
    stub(get(urlPathEqualTo(API)), secondary(429, 1));
    assertThatThrownBy(() -> tokenRepo().repository())
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.getMessage()).contains("kept answering with rate limits");
        });
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void aPermission403IsNotTakenForARateLimit() {
    stub(get(urlPathEqualTo(API)), basicError(403, "Resource not accessible by integration"));
    assertThatThrownBy(() -> tokenRepo().repository())
        .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void thePlainHttpPathWaitsOutAShortLimitToo() {
    stubRepository();
    String reactions = API + "/issues/comments/1/reactions";
    github.stubFor(post(urlPathEqualTo(reactions)).inScenario("limit").whenScenarioStateIs(STARTED)
        .willReturn(secondary(429, 5)).willSetStateTo("waited"));
    github.stubFor(post(urlPathEqualTo(reactions)).inScenario("limit").whenScenarioStateIs("waited")
        .willReturn(fixture(201, GitHubFixtures.REACTION_CREATED)));

    tokenRepo().reactToIssueComment(1, "eyes");

    assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
    github.verify(2, postRequestedFor(urlPathEqualTo(reactions)));
  }

  @Test
  void thePlainHttpPathFailsClearlyOnALongLimit() {
    stub(post(urlPathEqualTo(API + "/issues/comments/1/reactions")), secondary(403, 900));
    assertThatThrownBy(() -> tokenRepo().reactToIssueComment(1, "eyes"))
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("react eyes to comment 1").contains("wait 900 s");
        });
  }
}
