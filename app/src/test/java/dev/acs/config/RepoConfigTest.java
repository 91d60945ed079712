package dev.acs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RepoConfigTest {
  @Test
  void defaultsAreThePublishedOnes() {
    RepoConfig d = RepoConfig.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.label()).isEqualTo("autocode");
    assertThat(d.maxAttempts()).isEqualTo(3);
    assertThat(d.testCommand()).isEmpty();
    assertThat(d.budget()).isEqualTo(new RepoConfig.Budget(40, 400_000, new BigDecimal("2.00")));
    assertThat(d.protectedPaths()).isEmpty();
    assertThat(d.model()).isEmpty();
  }

  static Stream<Arguments> validFiles() {
    return Stream.of(
        Arguments.of("empty file", "", (Function<RepoConfig, Object>) c -> c, RepoConfig.defaults()),
        Arguments.of("only comments", "# nothing yet\n", (Function<RepoConfig, Object>) c -> c, RepoConfig.defaults()),
        Arguments.of("label", "label: fix-me", (Function<RepoConfig, Object>) RepoConfig::label, "fix-me"),
        Arguments.of("quoted label", "label: \"good first bot\"", (Function<RepoConfig, Object>) RepoConfig::label, "good first bot"),
        Arguments.of("disabled", "enabled: false", (Function<RepoConfig, Object>) RepoConfig::enabled, false),
        Arguments.of("disabled, YAML 1.1 style", "enabled: no", (Function<RepoConfig, Object>) RepoConfig::enabled, false),
        Arguments.of("enabled: on", "enabled: on", (Function<RepoConfig, Object>) RepoConfig::enabled, true),
        Arguments.of("max_attempts", "max_attempts: 5", (Function<RepoConfig, Object>) RepoConfig::maxAttempts, 5),
        Arguments.of("max_attempts as text", "max_attempts: '2'", (Function<RepoConfig, Object>) RepoConfig::maxAttempts, 2),
        Arguments.of("test command", "test_command: mvn -B -q test", (Function<RepoConfig, Object>) RepoConfig::testCommand,
            Optional.of("mvn -B -q test")),
        Arguments.of("null test command is none", "test_command:", (Function<RepoConfig, Object>) RepoConfig::testCommand,
            Optional.empty()),
        Arguments.of("whole budget", "budget:\n  max_steps: 10\n  max_tokens: 50000\n  max_usd: 0.50",
            (Function<RepoConfig, Object>) RepoConfig::budget, new RepoConfig.Budget(10, 50_000, new BigDecimal("0.50"))),
        Arguments.of("part of the budget", "budget: {max_usd: 5}", (Function<RepoConfig, Object>) RepoConfig::budget,
            new RepoConfig.Budget(40, 400_000, new BigDecimal("5"))),
        Arguments.of("dollars as text", "budget: {max_usd: \"$1.25\"}", (Function<RepoConfig, Object>) c -> c.budget().maxUsd(),
            new BigDecimal("1.25")),
        Arguments.of("protected paths", "protected_paths:\n  - .github/**\n  - '**/*.pem'",
            (Function<RepoConfig, Object>) RepoConfig::protectedPaths, List.of(".github/**", "**/*.pem")),
        Arguments.of("model", "model: anthropic:claude-sonnet-4-5,openai:gpt-4.1",
            (Function<RepoConfig, Object>) RepoConfig::model, Optional.of("anthropic:claude-sonnet-4-5,openai:gpt-4.1")),
        Arguments.of("cancelled checks are not repaired by default", "label: x", (Function<RepoConfig, Object>) RepoConfig::repairCancelled, false),
        Arguments.of("repair_cancelled", "repair_cancelled: true", (Function<RepoConfig, Object>) RepoConfig::repairCancelled, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void readsValidFiles(String name, String yaml, Function<RepoConfig, Object> field, Object expected) {
    RepoConfig.Loaded loaded = RepoConfig.parse(yaml);
    assertThat(field.apply(loaded.config())).isEqualTo(expected);
    assertThat(loaded.warnings()).isEmpty();
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("broken YAML", "label: [unclosed", "it is not valid YAML: line "),
        Arguments.of("tab-indented mapping", "budget:\n\tmax_steps: 3", "it is not valid YAML"),
        Arguments.of("duplicate key", "label: a\nlabel: b", "Duplicate field 'label'"),
        Arguments.of("a list at the top", "- label: a", "must be a mapping of keys"),
        Arguments.of("plain text", "autocode", "must be a mapping of keys"),
        Arguments.of("attempts in words", "max_attempts: three", "`max_attempts` must be a whole number from 1 to 20, got 'three'"),
        Arguments.of("zero attempts", "max_attempts: 0", "`max_attempts` must be from 1 to 20, got 0"),
        Arguments.of("fractional attempts", "max_attempts: 2.5", "`max_attempts` must be a whole number"),
        Arguments.of("too many attempts", "max_attempts: 1000", "must be from 1 to 20"),
        Arguments.of("enabled maybe", "enabled: maybe", "`enabled` must be true or false, got 'maybe'"),
        Arguments.of("empty label", "label: ''", "`label` is empty"),
        Arguments.of("two labels", "label: a,b", "`label` must be one label name"),
        Arguments.of("label list", "label: [a, b]", "`label` must be text, not a list"),
        Arguments.of("budget as a number", "budget: 3", "`budget` must be a mapping"),
        Arguments.of("less than a cent", "budget: {max_usd: 0.001}", "`budget.max_usd` must be at least 0.01"),
        Arguments.of("negative dollars", "budget: {max_usd: -1}", "`budget.max_usd` must be at least 0.01"),
        Arguments.of("dollars in words", "budget: {max_usd: two}", "`budget.max_usd` must be an amount in US dollars"),
        Arguments.of("zero steps", "budget: {max_steps: 0}", "`budget.max_steps` must be from 1 to 10000"),
        Arguments.of("paths as text", "protected_paths: .github/**", "`protected_paths` must be a list"),
        Arguments.of("empty path", "protected_paths: ['']", "entries must be non-empty"),
        Arguments.of("model without provider", "model: gpt-4.1", "`model` must be `provider:model`"),
        Arguments.of("model with empty part", "model: 'openai:gpt-4.1,anthropic:'", "`model` must be `provider:model`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void refusesBadFilesWithAMessageForTheRepositoryOwner(String name, String yaml, String expected) {
    assertThatThrownBy(() -> RepoConfig.parse(yaml))
        .isInstanceOf(RepoConfigException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void unknownKeysAreWarningsWithASuggestion() {
    RepoConfig.Loaded loaded = RepoConfig.parse("""
        max_attempt: 4
        labels: x
        colour: blue
        budget:
          max_token: 10
        """);
    assertThat(loaded.config()).isEqualTo(RepoConfig.defaults());
    assertThat(loaded.warnings()).containsExactly(
        "unknown key `max_attempt` is ignored (did you mean `max_attempts`?)",
        "unknown key `labels` is ignored (did you mean `label`?)",
        "unknown key `colour` is ignored",
        "unknown key `budget.max_token` is ignored (did you mean `budget.max_tokens`?)");
  }

  @Test
  void aHugeFileIsRefusedBeforeParsing() {
    assertThatThrownBy(() -> RepoConfig.parse("label: x\n" + "#".repeat(RepoConfig.MAX_SIZE)))
        .hasMessageContaining("larger than 64 KiB");
  }

  @Test
  void becomesThePolicyInputsConfigObject() {
    RepoConfig c = RepoConfig.parse("test_command: make test\nprotected_paths: [ci/**]").config();
    assertThat(c.toMap())
        .containsEntry("label", "autocode")
        .containsEntry("test_command", "make test")
        .containsEntry("protected_paths", List.of("ci/**"))
        .containsEntry("model", null)
        .containsKey("budget");
  }
}
