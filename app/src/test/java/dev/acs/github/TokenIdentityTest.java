package dev.acs.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.testing.GitHubFixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who ACS is with a token (the Action): GitHub refuses {@code GET /user} to every installation
 * token, so the answer comes from GraphQL's {@code viewer}, or from the App's slug the workflow
 * gives; never from a guess. With the wrong login ACS would not find its own comments.
 */
class TokenIdentityTest extends WireMockGitHub {

  @BeforeEach
  void setUp() {
    stubRepository();
  }

  @Test
  void anAppInstallationTokenIsTheAppsBotNotGitHubActions() {
    stubTokenUser("acs-for-octo[bot]", 278716306L);

    GitHubApps.TokenIdentity me = GitHubApps.identityOf(FIXTURE_TOKEN, github.baseUrl(), waits(Duration.ZERO));

    assertThat(me).isEqualTo(new GitHubApps.TokenIdentity("acs-for-octo[bot]", 278716306L));
    github.verify(0, getRequestedFor(urlPathEqualTo("/user")));
  }

  @Test
  void aRepositoryReachedWithAnAppTokenFindsItsOwnCommentsAsTheAppsBot() {
    stubTokenUser("acs-for-octo[bot]", 278716306L);
    ArrayNode comments = (ArrayNode) GitHubFixtures.json(GitHubFixtures.ISSUE_COMMENTS).deepCopy();
    ObjectNode only = (ObjectNode) comments.get(0);
    only.put("body", "<!-- acs:plan -->\nthe plan");
    ((ObjectNode) only.get("user")).put("login", "acs-for-octo[bot]").put("type", "Bot");
    stub(get(urlPathEqualTo(API + "/issues/1347")), fixture(200, GitHubFixtures.ISSUE));
    stub(get(urlPathEqualTo(API + "/issues/1347/comments")), json(200, comments));

    RepoGitHub repo = tokenRepo();

    assertThat(repo.botLogin()).isEqualTo("acs-for-octo[bot]");
    assertThat(repo.markedComment(1347, "plan")).contains(1L); // so the plan is edited, not posted a second time
    github.verify(0, getRequestedFor(urlPathEqualTo("/user")));
    github.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));
  }

  @Test
  void theWorkflowTokenIsGitHubActionsAsGitHubSaysSo() {
    stubActionsTokenUser();
    assertThat(GitHubApps.identityOf(FIXTURE_TOKEN, github.baseUrl(), waits(Duration.ZERO)))
        .isEqualTo(new GitHubApps.TokenIdentity("github-actions[bot]", 41898282L));
  }

  @Test
  void whenGitHubWillNotSayThereIsNoGuess() {
    stub(get(urlPathEqualTo("/user")), basicError(403, "Resource not accessible by integration"));
    stub(post(urlPathEqualTo("/graphql")), basicError(403, "Resource not accessible by integration"));

    assertThatThrownBy(() -> GitHubApps.identityOf(FIXTURE_TOKEN, github.baseUrl(), waits(Duration.ZERO)))
        .isInstanceOf(GitHubException.class).hasMessageContaining("GraphQL viewer").hasMessageContaining("403");
  }

  @Test
  void theAppsSlugNamesItsBotAndGitHubGivesItsId() {
    // SYNTHETIC: the fields of GitHub's public-user schema that matter here.
    stub(get(urlPathEqualTo("/users/acs-for-octo%5Bbot%5D")),
        json(200, Map.of("login", "acs-for-octo[bot]", "id", 278716306L, "type", "Bot", "node_id", "BOT_kgDOBJ7", "site_admin", false)));

    assertThat(GitHubApps.appIdentity("acs-for-octo", null, FIXTURE_TOKEN, github.baseUrl(), waits(Duration.ZERO)))
        .isEqualTo(new GitHubApps.TokenIdentity("acs-for-octo[bot]", 278716306L));
    assertThat(GitHubApps.appIdentity("acs-for-octo[bot]", 7L, FIXTURE_TOKEN, github.baseUrl(), waits(Duration.ZERO)))
        .isEqualTo(new GitHubApps.TokenIdentity("acs-for-octo[bot]", 7L));
  }

  @Test
  void aSlugWithNoAccountIsAConfigurationError() {
    stub(get(urlPathEqualTo("/users/no-such-app%5Bbot%5D")), basicError(404, "Not Found"));
    assertThatThrownBy(() -> GitHubApps.appIdentity("no-such-app", null, FIXTURE_TOKEN, github.baseUrl(), waits(Duration.ZERO)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no-such-app[bot]");
  }
}
