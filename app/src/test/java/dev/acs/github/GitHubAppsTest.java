package dev.acs.github;

import dev.acs.testing.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.testing.GitHubFixtures;
import dev.acs.testing.TestKeys;
import io.jsonwebtoken.Claims;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitHubAppsTest extends WireMockGitHub {
  static final KeyPair PAIR = TestKeys.rsa();
  /** An hour before the documented example token's expires_at (2016-07-11T22:14:10Z). */
  static final Instant T0 = Instant.parse("2016-07-11T21:14:10Z");
  static final String TOKEN_PATH = "/app/installations/1/access_tokens";

  final MutableClock clock = new MutableClock(T0);

  GitHubApps apps() {
    return new GitHubApps(1, (RSAPrivateKey) PAIR.getPrivate(), github.baseUrl(), clock, waits(Duration.ofSeconds(120)));
  }

  void stubApp() {
    stub(get(urlPathEqualTo("/app")), fixture(200, GitHubFixtures.APP));
    // GitHub documents GET /app/installations/{id} with the same installation object the list holds.
    stub(get(urlPathEqualTo("/app/installations/1")), json(200, GitHubFixtures.json(GitHubFixtures.INSTALLATIONS).get(0)));
  }

  @Test
  void mintsAnInstallationTokenWithASignedJwtAndReusesIt() {
    stubApp();
    stub(post(urlPathEqualTo(TOKEN_PATH)), fixture(201, GitHubFixtures.TOKEN));
    GitHubApps apps = apps();

    String first = apps.installationToken(1);
    String second = apps.installationToken(1);

    assertThat(first).isEqualTo(FIXTURE_TOKEN).isEqualTo(second);
    github.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    List<LoggedRequest> posts = github.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    String authorization = posts.get(0).getHeader("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    Claims claims = AppJwtTest.verify(authorization.substring(7), PAIR.getPublic(), T0).getPayload();
    assertThat(claims.getIssuer()).isEqualTo("1");
    assertThat(claims.getIssuedAt().toInstant()).isEqualTo(T0.minusSeconds(60));
    assertThat(claims.getExpiration().toInstant()).isBeforeOrEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void mintsAgainFiveMinutesBeforeTheTokenExpires() {
    stubApp();
    stub(post(urlPathEqualTo(TOKEN_PATH)), fixture(201, GitHubFixtures.TOKEN));
    GitHubApps apps = apps();
    apps.installationToken(1);

    clock.set(Instant.parse("2016-07-11T22:09:09Z"));
    apps.installationToken(1);
    github.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

    clock.set(Instant.parse("2016-07-11T22:09:10Z"));
    apps.installationToken(1);
    github.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    github.verify(1, getRequestedFor(urlPathEqualTo("/app"))); // the App itself is read once
  }

  static Stream<Arguments> tokenEndpointFailures() {
    return Stream.of(
        Arguments.of(401, "A JSON web token could not be decoded", "GitHub did not accept the App's JWT"),
        Arguments.of(404, "Not Found", "was the App uninstalled?"),
        Arguments.of(403, "This installation has been suspended", "the App may be suspended"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenEndpointFailures")
  void tokenEndpointFailuresSayWhatToCheckAndShowNoSecret(int status, String githubMessage, String hint) {
    stubApp();
    stub(post(urlPathEqualTo(TOKEN_PATH)), basicError(status, githubMessage));
    GitHubApps apps = apps();

    assertThatThrownBy(() -> apps.installationToken(1))
        .isInstanceOfSatisfying(GitHubException.class, e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.getMessage())
              .contains("create an installation token for installation 1")
              .contains(githubMessage)
              .contains(hint)
              .doesNotContain("eyJ")
              .doesNotContain("PRIVATE KEY");
        });
  }

  @Test
  void aRepositoryOfAnInstallationCallsGitHubWithTheInstallationToken() {
    stubApp();
    stub(post(urlPathEqualTo(TOKEN_PATH)), fixture(201, GitHubFixtures.TOKEN));
    stubRepository();
    GitHubApps apps = apps();

    RepoGitHub repo = apps.forInstallation(1, REPO);
    github.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH))); // nothing asked before first use

    assertThat(repo.repository().defaultBranch()).isEqualTo("master");
    assertThat(repo.botLogin()).isEqualTo("octoapp[bot]");
    assertThat(repo.pushToken()).isEqualTo(FIXTURE_TOKEN);
    github.verify(getRequestedFor(urlPathEqualTo(API)).withHeader("Authorization", equalTo("token " + FIXTURE_TOKEN)));
    github.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  @Test
  void aTokenGitHubRejectsIsForgottenSoTheNextCallMintsAFreshOne() {
    stubApp();
    stub(post(urlPathEqualTo(TOKEN_PATH)), fixture(201, GitHubFixtures.TOKEN));
    stub(get(urlPathEqualTo(API)), basicError(401, "Bad credentials"));
    GitHubApps apps = apps();
    RepoGitHub repo = apps.forInstallation(1, REPO);

    assertThatThrownBy(repo::repository).isInstanceOfSatisfying(GitHubException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("Bad credentials").doesNotContain(FIXTURE_TOKEN);
    });
    apps.installationToken(1);
    github.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  static Stream<Arguments> badEnvironments() {
    String key = TestKeys.pkcs1(PAIR);
    return Stream.of(
        Arguments.of(Map.of("GITHUB_APP_PRIVATE_KEY", key), "GITHUB_APP_ID is not set"),
        Arguments.of(Map.of("GITHUB_APP_ID", "my-app", "GITHUB_APP_PRIVATE_KEY", key), "must be the App's numeric id"),
        Arguments.of(Map.of("GITHUB_APP_ID", "12"), "Neither GITHUB_APP_PRIVATE_KEY nor GITHUB_APP_PRIVATE_KEY_FILE"),
        Arguments.of(Map.of("GITHUB_APP_ID", "12", "GITHUB_APP_PRIVATE_KEY", key, "GITHUB_API_URL", "api.github.com"),
            "GITHUB_API_URL must be an http(s) URL"),
        Arguments.of(Map.of("GITHUB_APP_ID", "12", "GITHUB_APP_PRIVATE_KEY", key, "ACS_GITHUB_MAX_RATE_LIMIT_WAIT", "-1"),
            "ACS_GITHUB_MAX_RATE_LIMIT_WAIT must be 0 or more"));
  }

  @ParameterizedTest
  @MethodSource("badEnvironments")
  void fromEnvRefusesIncompleteSettingsClearly(Map<String, String> vars, String expected) {
    assertThatThrownBy(() -> GitHubApps.fromEnv(new Env(vars)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PRIVATE KEY-----"));
  }

  @Test
  void fromEnvBuildsTheAppWithoutCallingGitHub() {
    GitHubApps apps = GitHubApps.fromEnv(new Env(Map.of(
        "GITHUB_APP_ID", "1", "GITHUB_APP_PRIVATE_KEY", TestKeys.pkcs8(PAIR), "GITHUB_API_URL", github.baseUrl() + "/")));
    assertThat(apps.appId()).isEqualTo(1);
    assertThat(github.getAllServeEvents()).isEmpty();
  }

  @Test
  void graphqlLivesBesideTheRestApiOnEnterpriseServer() {
    assertThat(GitHubHttp.graphqlUrl("https://api.github.com")).isEqualTo("https://api.github.com/graphql");
    assertThat(GitHubHttp.graphqlUrl("https://ghe.example.com/api/v3/")).isEqualTo("https://ghe.example.com/api/graphql");
  }
}
