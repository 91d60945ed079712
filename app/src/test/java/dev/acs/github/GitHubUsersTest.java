package dev.acs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.acs.testing.GitHubFixtures;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubUsersTest {
  private static final String TOKEN = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";
  private final WireMockServer api = new WireMockServer(options().dynamicPort());

  @AfterEach
  void stop() {
    api.stop();
  }

  private GitHubUsers users(int status, String body) {
    api.start();
    api.stubFor(get(urlPathEqualTo("/repos/octocat/Hello-World")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    return new GitHubUsers(api.baseUrl());
  }

  @ParameterizedTest
  @CsvSource({"true, true", "false, false"})
  void theRepositorysPullPermissionDecides(boolean pull, boolean readable) {
    ObjectNode repo = GitHubFixtures.object(GitHubFixtures.REPO);
    ((ObjectNode) repo.path("permissions")).put("pull", pull);
    assertThat(users(200, repo.toString()).canPull(TOKEN, "octocat/Hello-World")).isEqualTo(readable);
  }

  @Test
  void aRepositoryShownWithoutPermissionsIsReadable() {
    ObjectNode repo = GitHubFixtures.object(GitHubFixtures.REPO);
    repo.remove("permissions");
    assertThat(users(200, repo.toString()).canPull(TOKEN, "octocat/Hello-World")).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"404", "403"})
  void notFoundAndForbiddenMeanNo(int status) {
    assertThat(users(status, GitHubFixtures.basicError(status, "Not Found").toString()).canPull(TOKEN, "octocat/Hello-World")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"401", "500"})
  void aRevokedTokenOrAnUnansweredQuestionIsAnError(int status) {
    GitHubUsers users = users(status, GitHubFixtures.basicError(status, "Bad credentials").toString());
    assertThatThrownBy(() -> users.canPull(TOKEN, "octocat/Hello-World"))
        .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessageNotContaining(TOKEN);
  }

  @ParameterizedTest
  @CsvSource({"../../user", "octocat", "octocat/Hello-World/issues", "a/..", "'octo cat/x'"})
  void aNameThatIsNotOwnerSlashRepositoryIsNeverAsked(String name) {
    assertThat(users(200, "{}").canPull(TOKEN, name)).isFalse();
    api.verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
  }
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2026-12-05 07:00:00 UTC    | 2026-12-05T07:00:00Z",
      "2026-12-05 07:00:00 +0100  | 2026-12-05T06:00:00Z",
  })
  void readsTheTokenExpirationHeader(String header, String instant) {
    assertThat(GitHubUsers.parseExpiration(header)).contains(Instant.parse(instant));
  }

  @ParameterizedTest
  @CsvSource({"tomorrow", "''", "2026-12-05T07:00:00Z"})
  void anUnreadableExpirationIsLeftOut(String header) {
    assertThat(GitHubUsers.parseExpiration(header)).isEmpty();
  }
}
