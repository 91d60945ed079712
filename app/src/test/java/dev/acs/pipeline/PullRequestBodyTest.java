package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.Spend;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pull request's body keeps validation, policy and cost in view, and folds their long parts. */
class PullRequestBodyTest {
  static final Task TASK = new Task("t-1", "o/r", 3, 1L, TaskState.IMPLEMENTING, "Greet politely", "acs/3-greet", "main", null, null, 0,
      0, BigDecimal.ZERO, null, null, null, null, null, null, null, null, null, null, null, 0, 0);
  static final Spend SPEND = new Spend(4, 15_000, 3_230, new BigDecimal("0.0412"), List.of("openai:gpt-4.1"));

  @Test
  void shortPartsStayAsTheyAreLongOnesKeepAHeadlineAndFoldTheRest() {
    String shortValidation = "- PMD: no new findings in 1 changed Java file(s)\n- checks run by the agent: passed";
    String longValidation = "- PMD: 4 new finding(s) (see the ACS check run's annotations)\n  - `A.java:1` r1 (high): m\n"
        + "  - `A.java:2` r2 (high): m\n  - `A.java:3` r3 (high): m\n  - `A.java:4` r4 (high): m";
    PolicyDecision allowed = new PolicyDecision(true, List.of(), List.of(), false, "guardrails");
    PolicyDecision warned = new PolicyDecision(true, List.of(), List.of("w1", "w2", "w3"), false, "guardrails");

    String plain = TaskReports.pullRequestBody(TASK, ProgressReportTest.PLAN, Set.of(1), "Did it.", shortValidation, allowed, SPEND, "policy: x");
    assertThat(plain).contains("## Validation\n\n" + shortValidation + "\n\n## Policy\n\n✅ allowed (guardrails)\n\n_policy: x_")
        .contains("## Cost\n\n$0.0412 for 18,230 tokens\n<details><summary>Model calls</summary>\n\n4 model calls")
        .contains("<details><summary>The plan's steps (1 of 2 reported done by the coder)</summary>\n\n**Plan:** Greet politely\n\n- [x] Change the greeting\n- [ ] Add a test")
        .contains("Closes #3");

    String folded = TaskReports.pullRequestBody(TASK, ProgressReportTest.PLAN, Set.of(), "Did it.", longValidation, warned, SPEND, "policy: x");
    assertThat(folded)
        .contains("## Validation\n\n- PMD: 4 new finding(s) (see the ACS check run's annotations)\n<details><summary>All validation results</summary>")
        .contains("## Policy\n\n✅ allowed (guardrails) · 3 warnings\n<details><summary>The decision's reasons (3)</summary>")
        .contains("- ⚠️ w3\n\n</details>");
  }
}
