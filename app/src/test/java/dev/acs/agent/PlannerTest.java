package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.Env;
import dev.acs.config.Json;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner driven by scripted model turns through {@code replay:FILE}. */
class PlannerTest {
  @TempDir Path tmp;
  Path repo;

  static final String GOOD =
      "{\"summary\": \"Say Hi\", \"steps\": [\"Change greet()\", \"Update the test\"], \"files\": [\"src/demo/Greeting.java\"],"
          + " \"risks\": [\"Callers may compare the text\"], \"verification\": \"mvn test\"}";
  static final String NO_RISKS =
      "{\"summary\": \"Say Hi\", \"steps\": [\"Change greet()\"], \"files\": [\"src/demo/Greeting.java\"], \"verification\": \"mvn test\"}";

  @BeforeEach
  void setUp() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo/src/demo")).getParent().getParent();
    Files.writeString(repo.resolve("src/demo/Greeting.java"), "package demo; public class Greeting { public String greet() { return \"Hello\"; } }\n");
  }

  Path script(String... entries) throws Exception {
    Path f = tmp.resolve("plan-" + System.nanoTime() + ".json");
    Files.writeString(f, "{\"entries\": [" + String.join(",", entries) + "]}");
    return f;
  }

  static String submit(String planJson) throws Exception {
    return "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"submit_plan\", \"arguments\": " + Json.MAPPER.writeValueAsString(planJson) + "}]}";
  }

  static String text(String t) throws Exception {
    return "{\"type\": \"assistant\", \"text\": " + Json.MAPPER.writeValueAsString(t) + "}";
  }

  Plan plan(Path script, BudgetLedger ledger, Transcript t) {
    return new Planner(ModelProviders.fromSpec("replay:" + script, new Env(Map.of())))
        .plan(new Planner.PlanRequest(repo, "Greeting should say Hi", "greet() says Hello", null, ledger, t));
  }

  static BudgetLedger ledger() {
    return new BudgetLedger(new Budget(10, 100_000, new BigDecimal("1")), PriceTable.bundled());
  }

  @Test
  void acceptsAPlanSubmittedWithTheTool() throws Exception {
    Transcript t = Transcript.start("p", SecretRedactor.patternsOnly());
    Plan p = plan(script(submit(GOOD)), ledger(), t);
    assertThat(p.summary()).isEqualTo("Say Hi");
    assertThat(p.files()).containsExactly("src/demo/Greeting.java");
    assertThat(p.toMarkdownChecklist(Set.of(1))).contains("- [x] Change greet()\n- [ ] Update the test\n");
    assertThat(t.entries()).extracting(Transcript.Entry::phase).containsOnly("plan");
    assertThat(t.entries().get(1).text()).contains("BEGIN UNTRUSTED ISSUE").contains("src/demo/Greeting.java");
  }

  @Test
  void aRejectedPlanGetsOneRetryWithTheReason() throws Exception {
    Transcript t = Transcript.start("p", SecretRedactor.patternsOnly());
    Plan p = plan(script(submit(NO_RISKS), submit(GOOD)), ledger(), t);
    assertThat(p.risks()).containsExactly("Callers may compare the text");
    assertThat(t.entries()).anyMatch(e -> e.type().equals("tool_result") && e.text().contains("The plan was rejected: \"risks\" is missing"));
  }

  @Test
  void twoBadPlansFailClearly() throws Exception {
    assertThatThrownBy(() -> plan(script(submit(NO_RISKS), text("Here is my plan: do it.")), ledger(), Transcript.start("p", SecretRedactor.patternsOnly())))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("did not produce a valid plan in two tries")
        .hasMessageContaining("no plan was submitted");
  }

  @Test
  void aPlanAsJsonTextIsAcceptedToo() throws Exception {
    Plan p = plan(script(text("Plan:\n```json\n" + GOOD + "\n```")), ledger(), Transcript.start("p", SecretRedactor.patternsOnly()));
    assertThat(p.steps()).hasSize(2);
  }

  @Test
  void theBudgetIsCheckedBeforePlanning() throws Exception {
    BudgetLedger none = new BudgetLedger(new Budget(10, 500, new BigDecimal("1")), PriceTable.bundled());
    assertThatThrownBy(() -> plan(script(submit(GOOD)), none, Transcript.start("p", SecretRedactor.patternsOnly())))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("stopping before the call");
    assertThat(none.spend().steps()).isZero();
  }
}
