package dev.acs.agent;

import static dev.acs.agent.PlannerRig.GOOD;
import static dev.acs.agent.PlannerRig.NO_RISKS;
import static dev.acs.agent.PlannerRig.ledger;
import static dev.acs.agent.PlannerRig.submit;
import static dev.acs.agent.PlannerRig.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner driven by scripted model turns through {@code replay:FILE}. */
class PlannerTest {
  @TempDir Path tmp;
  PlannerRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new PlannerRig(tmp);
  }

  Plan plan(Path script, BudgetLedger ledger, Transcript t) {
    return PlannerRig.planner(script)
        .plan(new Planner.PlanRequest(rig.repo, "Greeting should say Hi", "greet() says Hello", null, ledger, t));
  }

  @Test
  void acceptsAPlanSubmittedWithTheTool() throws Exception {
    Transcript t = Transcript.start("p", SecretRedactor.patternsOnly());
    Plan p = plan(rig.script(submit(GOOD)), ledger(), t);
    assertThat(p.summary()).isEqualTo("Say Hi");
    assertThat(p.files()).containsExactly("src/demo/Greeting.java");
    assertThat(p.toMarkdownChecklist(Set.of(1))).contains("- [x] Change greet()\n- [ ] Update the test\n");
    assertThat(t.entries()).extracting(Transcript.Entry::phase).containsOnly("plan");
    assertThat(t.entries().get(1).text()).contains("BEGIN UNTRUSTED ISSUE").contains("src/demo/Greeting.java");
  }

  @Test
  void aRejectedPlanGetsOneRetryWithTheReason() throws Exception {
    Transcript t = Transcript.start("p", SecretRedactor.patternsOnly());
    Plan p = plan(rig.script(submit(NO_RISKS), submit(GOOD)), ledger(), t);
    assertThat(p.risks()).containsExactly("Callers may compare the text");
    assertThat(t.entries()).anyMatch(e -> e.type().equals("tool_result") && e.text().contains("The plan was rejected: \"risks\" is missing"));
  }

  @Test
  void twoBadPlansFailClearly() throws Exception {
    assertThatThrownBy(() -> plan(rig.script(submit(NO_RISKS), text("Here is my plan: do it.")), ledger(), Transcript.start("p", SecretRedactor.patternsOnly())))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("did not produce a valid plan in two tries")
        .hasMessageContaining("no plan was submitted");
  }

  @Test
  void aPlanAsJsonTextIsAcceptedToo() throws Exception {
    Plan p = plan(rig.script(text("Plan:\n```json\n" + GOOD + "\n```")), ledger(), Transcript.start("p", SecretRedactor.patternsOnly()));
    assertThat(p.steps()).hasSize(2);
  }

  @Test
  void theBudgetIsCheckedBeforePlanning() throws Exception {
    BudgetLedger none = new BudgetLedger(new Budget(10, 500, new BigDecimal("1")), PriceTable.bundled());
    assertThatThrownBy(() -> plan(rig.script(submit(GOOD)), none, Transcript.start("p", SecretRedactor.patternsOnly())))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("stopping before the call");
    assertThat(none.spend().steps()).isZero();
  }
}
