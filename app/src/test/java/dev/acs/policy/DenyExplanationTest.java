package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.policy.PolicyInput.Change;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DenyExplanationTest {

  @Test
  void explainsADenialWithItsSettings() {
    PolicyDecision d =
        new PolicyDecision(
            false,
            List.of(
                "the push changes 30 files, more than the limit of 25 (data: acs.limits.max_files_per_push)",
                "the path '.git/config' is inside .git/, which ACS never writes (built-in guardrail)"),
            List.of("the change touches source code but no test (data: acs.tests.source_patterns, acs.tests.test_patterns)"),
            false,
            "guardrails+opa-wasm");
    String md = DenyExplanation.render(Inputs.push(), d);
    assertThat(md)
        .startsWith("### ACS policy: `push` denied\n\nACS did not push because the policy denied it (decided by `guardrails+opa-wasm`).")
        .contains("- the push changes 30 files, more than the limit of 25 (data: acs.limits.max\\_files\\_per\\_push)\n")
        .contains("**Warnings**\n\n- the change touches source code but no test")
        .contains("`acs.limits.max_files_per_push`, `acs.tests.source_patterns`, `acs.tests.test_patterns` in `policies/data.json`")
        .contains("Built-in guardrails")
        .contains("docs/policies.md")
        .contains("opa test policies/ -v")
        .doesNotContain("Where the tests were weakened");
  }

  @Test
  void showsWhereTestsWereWeakened() {
    Change change = DiffChange.of("b", "main", UnifiedDiffTest.fixture("java-disabled-added"));
    PolicyInput input = Inputs.push(change, 1);
    PolicyDecision d =
        PolicyDecision.denied("opa-wasm", "the change disables or skips tests in 1 place(s); at most 0 are allowed (data: acs.test_integrity.max_skips_added)");
    assertThat(DenyExplanation.render(input, d))
        .contains("**Where the tests were weakened**\n\n- src/test/java/org/acme/ParserTest.java: 1 skip(s) or disabled test(s) added (line 17)")
        .contains("`acs.test_integrity.max_skips_added`");
  }

  @Test
  void explainsAnUnavailableEngine() {
    String md = DenyExplanation.render(Inputs.push(), PolicyDecision.unavailable("opa-server", "cannot reach OPA at http://opa:8181"));
    assertThat(md).contains("The policy engine could not answer").contains("ACS_OPA_URL");
  }

  @Test
  void plansWaitingForApprovalAndCleanDecisions() {
    PolicyDecision approval = new PolicyDecision(true, List.of(), List.of("approval needed: the plan touches 14 files, more than 10 (data: acs.plan.approval_files)"), true, "opa-wasm");
    assertThat(DenyExplanation.render(Inputs.plan("a"), approval))
        .startsWith("### ACS policy: `plan` needs approval")
        .contains("comment `/acs approve`")
        .contains("`acs.plan.approval_files`");
    assertThat(DenyExplanation.render(Inputs.push(), PolicyDecision.allowed("guardrails"))).isEqualTo("### ACS policy: `push` allowed\n\nDecided by `guardrails`.\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "touches [click](http://evil.example) | touches \\[click\\](http://evil.example)",
        "ping @octocat now                     | ping @\u200boctocat now",
        "<img src=x onerror=alert(1)>          | \\<img src=x onerror=alert(1)\\>",
        "a `code` b                            | a \\`code\\` b",
      })
  void neutralisesMarkdownInReasons(String reason, String rendered) {
    assertThat(DenyExplanation.text(reason)).isEqualTo(rendered);
  }
}
