package dev.acs.github;

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

    RepoConfig.Loaded loaded = RepoConfigFile.load(github);

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

    RepoConfig.Loaded loaded = RepoConfigFile.load(github);

    assertThat(loaded.extendsProblems()).isEmpty();
    assertThat(loaded.config().label()).isEqualTo("from-settings");
    assertThat(loaded.config().maxAttempts()).isEqualTo(7);
    assertThat(loaded.sources()).containsEntry("label", "octo/settings").containsEntry("max_attempts", "shared/base");
  }

  @Test
  void aCycleIsNamedAndTheRepositorysOwnSettingsApply() {
    stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "_extends: octo/app\nmax_attempts: 9\n");
    app.file(RepoConfigFile.PATH, "_extends: .github\nlabel: mine\n");

    RepoConfig.Loaded loaded = RepoConfigFile.load(github);

    assertThat(loaded.config().label()).isEqualTo("mine");
    assertThat(loaded.config().maxAttempts()).isEqualTo(3);
    assertThat(loaded.extendsProblems()).singleElement().asString()
        .contains("a cycle: octo/app → octo/.github → octo/app").contains("own settings apply alone");
  }

  @Test
  void aMissingRepositoryOrFileIsNamedAndTheRepositorysOwnSettingsApply() {
    app.file(RepoConfigFile.PATH, "_extends: .github\nlabel: mine\n");
    RepoConfig.Loaded missing = RepoConfigFile.load(github);
    assertThat(missing.config().label()).isEqualTo("mine");
    assertThat(missing.extendsProblems()).singleElement().asString()
        .contains("extends `.github`, which cannot be used: `octo/.github` does not exist or this App installation cannot read it");

    stub.repository("octo/.github", "main");
    assertThat(RepoConfigFile.load(github).extendsProblems()).singleElement().asString()
        .contains("`octo/.github` has no `.github/acs.yml` on `main`");

    stub.repository("octo/.github", "main").file(RepoConfigFile.PATH, "max_attempts: lots\n");
    assertThat(RepoConfigFile.load(github).extendsProblems()).singleElement().asString()
        .contains("`.github/acs.yml` of `octo/.github` on `main`: `max_attempts` must be a whole number");
  }

  @Test
  void aMissingRepositoryFurtherDownIsTheOneNamed() {
    stub.repository("octo/settings", "main").file(RepoConfigFile.PATH, "_extends: gone\nlabel: theirs\n");
    app.file(RepoConfigFile.PATH, "_extends: settings\n");
    RepoConfig.Loaded loaded = RepoConfigFile.load(github);
    assertThat(loaded.config().label()).isEqualTo("autocode");
    assertThat(loaded.extendsProblems()).singleElement().asString().contains("`octo/gone` does not exist");
  }

  @Test
  void chainsLongerThanTwoAreRefused() {
    stub.repository("octo/a", "main").file(RepoConfigFile.PATH, "_extends: b\n");
    stub.repository("octo/b", "main").file(RepoConfigFile.PATH, "_extends: c\n");
    stub.repository("octo/c", "main").file(RepoConfigFile.PATH, "label: deep\n");
    app.file(RepoConfigFile.PATH, "_extends: a\n");
    assertThat(RepoConfigFile.load(github).extendsProblems()).singleElement().asString().contains("more than 2 files chained");
  }

  @Test
  void theRepositorysOwnBrokenFileIsStillAnError() {
    app.file(RepoConfigFile.PATH, "_extends: .github\nmax_attempts: lots\n");
    assertThatThrownBy(() -> RepoConfigFile.load(github)).isInstanceOf(RepoConfigException.class).hasMessageContaining("(line 2)");
  }
}
