package dev.acs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keys of issue 14 and 13 in {@code .github/acs.yml}: triggers, question_timeout_days, _extends; and how files merge. */
class RepoConfigTriggersTest {
  @Test
  void everyTriggerIsOnAndQuestionsWaitAWeekByDefault() {
    RepoConfig d = RepoConfig.defaults();
    assertThat(d.triggers()).isEqualTo(new RepoConfig.Triggers(true, true, true, true));
    assertThat(d.questionTimeoutDays()).isEqualTo(7);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      triggers: {label: false}                     | false | true  | true  | true
      triggers: {assign: no, mention: off}         | true  | false | false | true
      triggers: {command: false}                   | true  | true  | true  | false
      triggers: {}                                 | true  | true  | true  | true
      """)
  void eachTriggerCanBeTurnedOff(String yaml, boolean label, boolean assign, boolean mention, boolean command) {
    assertThat(RepoConfig.parse(yaml).config().triggers()).isEqualTo(new RepoConfig.Triggers(label, assign, mention, command));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      triggers: [label]                 | `triggers` must be a mapping
      triggers: {mention: maybe}        | `triggers.mention` must be true or false
      question_timeout_days: 0          | `question_timeout_days` must be from 1 to 365
      question_timeout_days: soon       | `question_timeout_days` must be a whole number
      _extends: '../etc'                | `_extends` must name a repository
      _extends: [a, b]                  | `_extends` must be text
      """)
  void badValuesSayWhatIsWrong(String yaml, String message) {
    assertThatThrownBy(() -> RepoConfig.parse(yaml)).isInstanceOf(RepoConfigException.class).hasMessageContaining(message);
  }

  @Test
  void anUnknownTriggerIsAWarningWithAHint() {
    assertThat(RepoConfig.parse("triggers: {mentoin: false}").warnings())
        .containsExactly("unknown key `triggers.mentoin` is ignored (did you mean `triggers.mention`?)");
  }

  @Test
  void extendsIsKnownAndTheTimeoutIsRead() {
    RepoConfig.Loaded loaded = RepoConfig.parse("_extends: .github\nquestion_timeout_days: 2\n");
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().questionTimeoutDays()).isEqualTo(2);
    assertThat(RepoConfig.extendsFrom(RepoConfig.tree("_extends: octo/settings"))).contains("octo/settings");
  }

  @Test
  void mappingsMergeDeeplyListsAndValuesReplaceAndEachValueKnowsItsFile() {
    JsonNode org = RepoConfig.tree("budget: {max_usd: 1.50, max_steps: 99}\nprotected_paths: [secrets/**, infra/**]\nmax_attempts: 5\n");
    JsonNode repo = RepoConfig.tree("_extends: .github\nbudget: {max_steps: 10}\nprotected_paths: [docs/**]\n");

    JsonNode merged = SettingsLayers.merge(org, repo);
    RepoConfig c = RepoConfig.parse(merged).config();

    assertThat(c.budget()).isEqualTo(new RepoConfig.Budget(10, 400_000, new java.math.BigDecimal("1.50")));
    assertThat(c.protectedPaths()).containsExactly("docs/**");
    assertThat(c.maxAttempts()).isEqualTo(5);
    assertThat(SettingsLayers.sources(org, "octo/.github", repo, "octo/app"))
        .containsEntry("budget.max_steps", "octo/app").containsEntry("budget.max_usd", "octo/.github")
        .containsEntry("protected_paths", "octo/app").containsEntry("max_attempts", "octo/.github")
        .doesNotContainKey("_extends");
    assertThat(org.toString()).contains("99"); // the inputs are left as they were
  }
}
