package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoGitHub.RepoInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoConfigFileTest {
  final InMemoryRepoGitHub gh = new InMemoryRepoGitHub(
      new RepoInfo("o/r", true, false, "trunk", "https://github.com/o/r.git"), "acs[bot]");

  @Test
  void readsTheDefaultBranchNeverThePullRequestBranch() {
    gh.putFile("trunk", ".github/acs.yml", "max_attempts: 2\nbudget: {max_usd: 1}");
    gh.putFile("acs/7-fix", ".github/acs.yml", "max_attempts: 20\nbudget: {max_usd: 9999}");
    gh.putFile("main", ".github/acs.yml", "max_attempts: 19");

    RepoConfig config = RepoConfigFile.load(gh).config();

    assertThat(config.maxAttempts()).isEqualTo(2);
    assertThat(config.budget().maxUsd()).isEqualByComparingTo("1");
  }

  @Test
  void noFileMeansTheDefaults() {
    assertThat(RepoConfigFile.load(gh).config()).isEqualTo(RepoConfig.defaults());
  }

  @Test
  void aBadFileNamesItselfAndTheBranch() {
    gh.putFile("trunk", ".github/acs.yml", "max_attempts: lots");
    assertThatThrownBy(() -> RepoConfigFile.load(gh))
        .isInstanceOf(RepoConfigException.class)
        .hasMessage("`.github/acs.yml` on `trunk` cannot be used: `max_attempts` must be a whole number from 1 to 20,"
            + " got 'lots' (line 1)");
  }

  /** The line a person must fix, from the YAML parser's location of the key (or of the syntax error). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a value at the top            | label: autocode\\nmax_attempts: lots\\n                        | `max_attempts` must be | line 2)
      a nested value                | label: x\\nbudget:\\n  max_steps: 10\\n  max_usd: free\\n        | `budget.max_usd`       | line 4)
      a list of the wrong kind      | # comment\\n\\nprotected_paths: 7\\n                           | `protected_paths`      | line 3)
      after a list of mappings      | x: [{a: 1}, {b: 2}]\\nenabled: perhaps\\n                      | `enabled`              | line 2)
      broken YAML                   | label: [unclosed\\nmodel: x\\n                                 | not valid YAML: line   | column
      """)
  void aBadValueOrBrokenYamlNamesItsLine(String what, String yaml, String names, String line) {
    gh.putFile("trunk", ".github/acs.yml", yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> RepoConfigFile.load(gh)).isInstanceOf(RepoConfigException.class)
        .hasMessageContaining(names).hasMessageContaining(line);
  }

  @Test
  void warningsComeThrough() {
    gh.putFile("trunk", ".github/acs.yml", "lable: x");
    assertThat(RepoConfigFile.load(gh).warnings()).containsExactly("unknown key `lable` is ignored (did you mean `label`?)");
  }
}
