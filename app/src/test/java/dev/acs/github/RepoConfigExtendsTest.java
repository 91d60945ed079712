package dev.acs.github;

import dev.acs.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.testing.GitHubApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code _extends} (issue 13) through hub4j against the WireMock GitHub: the extended repository's
 * file is read from its own default branch with the same token, laid under the repository's own,
 * and what cannot be followed leaves the repository's own settings in force with a reason.
 */
class RepoConfigExtendsTest {
  static final String REPO = "octo/app";
  GitHubApiStub stub;
  GitHubApiStub.Repo app;
  RepoGitHub github;
  final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-05T02:00:00Z"));
  /** A cache of this test's own (the shared one outlives the test): reads are kept for a minute of {@link #clock}. */
  final ExtendsCache cache = new ExtendsCache(clock, ExtendsCache.DEFAULT_TTL);

  @BeforeEach
  void setUp() {
    stub = GitHubApiStub.start().acceptToken("ghs_extends0000000000000000000000000000");
    app = stub.repository(REPO, "main");
    github = GitHubApps.forToken("ghs_extends0000000000000000000000000000", REPO, stub.baseUrl());
  }

  @AfterEach
  void tearDown() {
    stub.close();
  }

  @Test
  void theOrganisationsDotGithubLiesUnderTheRepositorysOwn() {
    stub.repository("octo/.github", "trunk").file(RepoConfigFile.PATH,
        "label: org-label\nbudget: {max_usd: 1.25, max_steps: 90}\nprotected_paths: [secrets/**]\ntriggers: {mention: false}\n");
    app.file(RepoConfigFile.PATH, "_extends: .github\nbudget: {max_steps: 12}\n");

    RepoConfig.Loaded loaded = RepoConfigFile.load(github, cache);

    assertThat(loaded.extendsProblems()).isEmpty();
    RepoConfig c = loaded.config();
    assertThat(c.label()).isEqualTo("org-label");
    assertThat(c.budget().maxSteps()).isEqualTo(12);
    assertThat(c.budget().maxUsd()).isEqualByComparingTo("1.25");
    assertThat(c.protectedPaths()).containsExactly("secrets/**");
    assertThat(c.triggers().mention()).isFalse();
    assertThat(loaded.sources()).containsEntry("label", "octo/.github").containsEntry("budget.max_steps", REPO)
        .containsEntry("budget.max_usd", "octo/.github").containsEntry("triggers.mention", "octo/.github");
  }

  @Test
  void anotherRepositoryByNameOrOwnerAndNameAndOneMoreLevel() {
    stub.repository("octo/settings", "main").file(RepoConfigFile.PATH, "_extends: shared/base\nlabel: from-settings\n");
    stub.repository("shared/base", "main").file(RepoConfigFile.PATH, "max_attempts: 7\nlabel: from-base\n");
    app.file(RepoConfigFile.PATH, "_extends: settings\n");

    RepoConfig.Loaded loaded = RepoConfigFile.load(github, cache);

    assertThat(loaded.extendsProblems()).isEmpty();
    assertThat(loaded.config().label()).isEqualTo("from-settings");
    assertThat(loaded.config().maxAttempts()).isEqualTo(7);
    assertThat(loaded.sources()).containsEntry("label", "octo/settings").containsEntry("max_attempts", "shared/base");
  }

  @Test
  void aCycleIsNamedAndTheRepositorysOwnSettingsApply() {
    stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "_extends: octo/app\nmax_attempts: 9\n");
    app.file(RepoConfigFile.PATH, "_extends: .github\nlabel: mine\n");

    RepoConfig.Loaded loaded = RepoConfigFile.load(github, cache);

    assertThat(loaded.config().label()).isEqualTo("mine");
    assertThat(loaded.config().maxAttempts()).isEqualTo(3);
    assertThat(loaded.extendsProblems()).singleElement().asString()
        .contains("a cycle: octo/app → octo/.github → octo/app").contains("own settings apply alone");
  }

  @Test
  void aMissingRepositoryOrFileIsNamedAndTheRepositorysOwnSettingsApply() {
    app.file(RepoConfigFile.PATH, "_extends: .github\nlabel: mine\n");
    RepoConfig.Loaded missing = RepoConfigFile.load(github, cache);
    assertThat(missing.config().label()).isEqualTo("mine");
    assertThat(missing.extendsProblems()).singleElement().asString()
        .contains("extends `.github`, which cannot be used: `octo/.github` does not exist or this App installation cannot read it");

    stub.repository("octo/.github", "main");
    clock.advance(ExtendsCache.DEFAULT_TTL);
    assertThat(RepoConfigFile.load(github, cache).extendsProblems()).singleElement().asString()
        .contains("`octo/.github` has no `.github/acs.yml` on `main`");

    stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "max_attempts: lots\n");
    clock.advance(ExtendsCache.DEFAULT_TTL);
    assertThat(RepoConfigFile.load(github, cache).extendsProblems()).singleElement().asString()
        .contains("`.github/acs.yml` of `octo/.github` on `main`: `max_attempts` must be a whole number");
  }

  @Test
  void aMissingRepositoryFurtherDownIsTheOneNamed() {
    stub.repository("octo/settings", "main").file(RepoConfigFile.PATH, "_extends: gone\nlabel: theirs\n");
    app.file(RepoConfigFile.PATH, "_extends: settings\n");
    RepoConfig.Loaded loaded = RepoConfigFile.load(github, cache);
    assertThat(loaded.config().label()).isEqualTo("autocode");
    assertThat(loaded.extendsProblems()).singleElement().asString().contains("`octo/gone` does not exist");
  }

  @Test
  void chainsLongerThanTwoAreRefused() {
    stub.repository("octo/a", "main").file(RepoConfigFile.PATH, "_extends: b\n");
    stub.repository("octo/b", "main").file(RepoConfigFile.PATH, "_extends: c\n");
    stub.repository("octo/c", "main").file(RepoConfigFile.PATH, "label: deep\n");
    app.file(RepoConfigFile.PATH, "_extends: a\n");
    assertThat(RepoConfigFile.load(github, cache).extendsProblems()).singleElement().asString().contains("more than 2 files chained");
  }

  @Test
  void theRepositorysOwnBrokenFileIsStillAnError() {
    app.file(RepoConfigFile.PATH, "_extends: .github\nmax_attempts: lots\n");
    assertThatThrownBy(() -> RepoConfigFile.load(github, cache)).isInstanceOf(RepoConfigException.class).hasMessageContaining("(line 2)");
  }

  @Test
  void theOrganisationsFileIsReadOnceAMinuteForAllItsRepositoriesAndAChangeTakesEffectAfter() {
    GitHubApiStub.Repo org = stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "label: org-label\n");
    app.file(RepoConfigFile.PATH, "_extends: .github\n");
    stub.repository("octo/lib", "main").file(RepoConfigFile.PATH, "_extends: .github\nmax_attempts: 5\n");
    RepoGitHub lib = GitHubApps.forToken("ghs_extends0000000000000000000000000000", "octo/lib", stub.baseUrl());

    assertThat(RepoConfigFile.load(github, cache).config().label()).isEqualTo("org-label");
    assertThat(RepoConfigFile.load(lib, cache).config().label()).isEqualTo("org-label");
    assertThat(RepoConfigFile.load(github, cache).config().label()).isEqualTo("org-label");
    // Two reads of the organisation's repository (its default branch, its file) for three loads.
    assertThat(orgReads()).isEqualTo(2);

    org.file(RepoConfigFile.PATH, "label: renamed\n");
    clock.advance(java.time.Duration.ofSeconds(59));
    assertThat(RepoConfigFile.load(lib, cache).config().label()).isEqualTo("org-label");
    clock.advance(java.time.Duration.ofSeconds(1));
    assertThat(RepoConfigFile.load(lib, cache).config().label()).isEqualTo("renamed");
    assertThat(orgReads()).isEqualTo(4);
  }

  @Test
  void aMissingRepositoryIsRememberedAsMissingAndAnotherTokenReadsForItself() {
    app.file(RepoConfigFile.PATH, "_extends: .github\nlabel: mine\n");
    assertThat(RepoConfigFile.load(github, cache).extendsProblems()).singleElement().asString().contains("`octo/.github` does not exist");
    assertThat(RepoConfigFile.load(github, cache).extendsProblems()).singleElement().asString().contains("`octo/.github` does not exist");
    assertThat(orgReads()).isEqualTo(1);

    // Another token (another installation) may read what this one cannot: it asks GitHub itself.
    stub.acceptToken("ghs_other00000000000000000000000000000000");
    RepoGitHub other = GitHubApps.forToken("ghs_other00000000000000000000000000000000", REPO, stub.baseUrl());
    stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "max_attempts: 6\n");
    assertThat(RepoConfigFile.load(other, cache).config().maxAttempts()).isEqualTo(6);
    assertThat(RepoConfigFile.load(github, cache).extendsProblems()).isNotEmpty();
    assertThat(orgReads()).isEqualTo(3);
  }

  @Test
  void aPassingFailureOfGitHubIsNotKept() {
    stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "label: org-label\n");
    app.file(RepoConfigFile.PATH, "_extends: .github\n");
    java.util.UUID down = stub.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/repos/octo/.github")).atPriority(1)
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(502)
            .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Server Error\"}"))).getId();
    assertThatThrownBy(() -> RepoConfigFile.load(github, cache)).isInstanceOf(GitHubException.class);

    stub.wireMock().removeStubMapping(stub.wireMock().getStubMapping(down).getItem());
    assertThat(RepoConfigFile.load(github, cache).config().label()).isEqualTo("org-label");
  }

  private long orgReads() {
    return stub.requests().stream().filter(r -> r.startsWith("GET /repos/octo/.github")).count();
  }

  /** A clock the test moves. */}
