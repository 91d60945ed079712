package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parity suite: every decision that policies/acs/decision_test.rego asks the Rego for, with
 * the Rego's answer (extracted by {@code policies/run-tests.sh}, which also fails when the file is
 * stale), run through the Java guardrails with the same input and data. Allow, require_approval
 * and the rule ids of the denies and warnings must be the same, as multisets; and today the
 * reasons are the same word for word (checked too, so that the guardrails beside the default
 * bundle list each reason once; a rule id mismatch is the first thing reported).
 *
 * <p>The guardrails also get an empty diff with each change (the Rego never sees a diff): so the
 * Java-only checks (confinement, .git, secret scan) run too, and must find nothing in these cases.
 */
class DefaultRulesParityTest {
  static final String CASES = "/dev/acs/policy/rego-cases.json";

  record Case(String name, JsonNode input, JsonNode data, JsonNode rego) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() throws IOException {
    JsonNode file;
    try (InputStream in = DefaultRulesParityTest.class.getResourceAsStream(CASES)) {
      assertThat(in).as(CASES + " (written by policies/run-tests.sh --write-cases)").isNotNull();
      file = Json.MAPPER.readTree(in);
    }
    JsonNode shipped = PolicyData.shipped().document();
    List<Case> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : file.path("cases")) {
      ObjectNode data = shipped.deepCopy();
      for (JsonNode o : c.path("overrides")) {
        set(data, o.path("path").asText().split("\\."), o.path("value"));
      }
      out.add(new Case(c.path("test").asText() + "#" + c.path("site").asInt() + "/" + i++ + " " + c.path("overrides"),
          c.path("input"), data, c.path("decision")));
    }
    return out;
  }

  /** {@code with data.a.b as v}: replaces the value at that path (objects on the way are created). */
  static void set(ObjectNode root, String[] path, JsonNode value) {
    ObjectNode at = root;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode next = at.get(path[i]);
      at = next instanceof ObjectNode o ? o : at.putObject(path[i]);
    }
    at.set(path[path.length - 1], value.deepCopy());
  }

  static Stream<Arguments> typedCases() throws IOException {
    return cases().stream().filter(DefaultRulesParityTest::typed).map(Arguments::of);
  }

  /** The cases without data overrides (a case about a setting needs its data). */
  static Stream<Arguments> shippedDataCases() throws IOException {
    JsonNode shipped = PolicyData.shipped().document();
    return cases().stream().filter(c -> c.data().equals(shipped)).map(Arguments::of);
  }

  static Stream<Arguments> mistypedCases() throws IOException {
    return cases().stream().filter(c -> !typed(c)).map(Arguments::of);
  }

  static boolean typed(Case c) {
    try {
      PolicyData.of(c.data(), "case");
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  @Test
  void everyTestOfTheRegoHasCases() throws IOException {
    List<Case> all = cases();
    assertThat(all).hasSizeGreaterThan(100);
    long tests = all.stream().map(c -> c.name().substring(0, c.name().indexOf('#'))).distinct().count();
    assertThat(tests).as("tests with decisions").isGreaterThanOrEqualTo(80);
    assertThat(all).anyMatch(c -> c.input().path("config").path("protected_paths").size() > 0 && !c.rego().path("allow").asBoolean());
    assertThat(all).anyMatch(c -> c.rego().path("deny").toString().contains("rule: submodule_removed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedCases")
  void theGuardrailsDecideLikeTheRego(Case c) throws IOException {
    PolicyInput input = withEmptyDiff(Json.MAPPER.treeToValue(c.input(), PolicyInput.class));
    PolicyDecision java = new Guardrails(PolicyData.of(c.data(), "case"), List::of).decide(input);

    assertThat(java.allow()).as("allow; Java denied for %s, the Rego for %s", java.deny(), c.rego().path("deny"))
        .isEqualTo(c.rego().path("allow").asBoolean());
    assertThat(java.requireApproval()).as("require_approval").isEqualTo(c.rego().path("require_approval").asBoolean());
    assertThat(rules(java.deny())).as("rules denying; Java said %s", java.deny()).isEqualTo(rules(strings(c.rego().path("deny"))));
    assertThat(rules(java.warn())).as("rules warning; Java said %s", java.warn()).isEqualTo(rules(strings(c.rego().path("warn"))));
    // The wording is the same too, so the guardrails beside the default bundle list each reason once.
    assertThat(java.deny()).as("the denies, word for word").containsExactlyInAnyOrderElementsOf(strings(c.rego().path("deny")));
    assertThat(java.warn()).as("the warnings, word for word").containsExactlyInAnyOrderElementsOf(strings(c.rego().path("warn")));
  }

  /**
   * A data document without the acs keys decides like the shipped one: the Java fallbacks are the
   * shipped values, as the Rego's are (RegoDefaultsTest), so trimming data.json never opens a rule.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedDataCases")
  void withoutDataTheGuardrailsDecideLikeWithTheShippedData(Case c) throws IOException {
    PolicyInput input = withEmptyDiff(Json.MAPPER.treeToValue(c.input(), PolicyInput.class));
    PolicyDecision shipped = new Guardrails(PolicyData.shipped(), List::of).decide(input);
    PolicyDecision empty = new Guardrails(PolicyData.of(Json.MAPPER.createObjectNode(), "{}"), List::of).decide(input);
    assertThat(empty).isEqualTo(shipped);
  }

  /**
   * The Rego is tested with data of the wrong type (an OPA server loads its own data, unchecked)
   * and must then fail closed. The guardrails never run on such data: ACS refuses it when it
   * loads it. Here the Rego's answer must be a denial or an approval, never a plain allow.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mistypedCases")
  void dataOfTheWrongTypeIsRefusedByJavaAndFailsClosedInTheRego(Case c) {
    assertThatThrownBy(() -> PolicyData.of(c.data(), "case")).isInstanceOf(ConfigException.class).hasMessageContaining("must be a");
    boolean regoAllowsPlainly = c.rego().path("allow").asBoolean() && !c.rego().path("require_approval").asBoolean();
    assertThat(regoAllowsPlainly).as("the Rego's answer: %s", c.rego()).isFalse();
  }

  static PolicyInput withEmptyDiff(PolicyInput in) {
    PolicyInput.Change c = in.change();
    if (c == null) {
      return in;
    }
    PolicyInput.Change withDiff = new PolicyInput.Change(c.branch(), c.base(), c.additions(), c.deletions(), c.files(), c.testIntegrity(), "");
    return new PolicyInput(in.action(), in.repository(), in.actor(), in.trigger(), in.task(), withDiff, in.findings(), in.config(), in.plan());
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The rule ids of the reasons, sorted (a multiset); a reason without one is a failure. */
  static List<String> rules(List<String> reasons) {
    List<String> ids = new ArrayList<>();
    for (String r : reasons) {
      String id = PolicyDecision.ruleOf(r);
      assertThat(id).as("the rule of '%s'", r).isNotNull();
      ids.add(id);
    }
    ids.sort(null);
    return ids;
  }
}
