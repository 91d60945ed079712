package dev.acs.agent;

import dev.acs.config.Env;
import dev.acs.config.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The planner's tests' parts: a working tree with one Java class ({@code src/demo/Greeting.java}),
 * model turns scripted into a {@code replay:FILE} script, and the planner reading it.
 */
final class PlannerRig {
  /** A plan the planner accepts. */
  static final String GOOD =
      "{\"summary\": \"Say Hi\", \"steps\": [\"Change greet()\", \"Update the test\"], \"files\": [\"src/demo/Greeting.java\"],"
          + " \"risks\": [\"Callers may compare the text\"], \"verification\": \"mvn test\"}";
  /** A plan the planner rejects ("risks" is missing). */
  static final String NO_RISKS =
      "{\"summary\": \"Say Hi\", \"steps\": [\"Change greet()\"], \"files\": [\"src/demo/Greeting.java\"], \"verification\": \"mvn test\"}";

  private final Path tmp;
  final Path repo;

  PlannerRig(Path tmp) throws IOException {
    this.tmp = tmp;
    this.repo = Files.createDirectories(tmp.resolve("repo/src/demo")).getParent().getParent();
    Files.writeString(repo.resolve("src/demo/Greeting.java"), "package demo; public class Greeting { public String greet() { return \"Hello\"; } }\n");
  }

  /** A replay script of these model turns, in order. */
  Path script(String... entries) throws IOException {
    Path f = tmp.resolve("plan-" + System.nanoTime() + ".json");
    Files.writeString(f, "{\"entries\": [" + String.join(",", entries) + "]}");
    return f;
  }

  /** The planner with the scripted model. */
  static Planner planner(Path script) {
    return new Planner(ModelProviders.fromSpec("replay:" + script, new Env(Map.of())));
  }

  /** A model turn calling the tool {@code tool} with these JSON arguments. */
  static String call(String tool, String argumentsJson) throws IOException {
    return "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"" + tool + "\", \"arguments\": "
        + Json.MAPPER.writeValueAsString(argumentsJson) + "}]}";
  }

  static String submit(String planJson) throws IOException {
    return call("submit_plan", planJson);
  }

  static String ask(String argumentsJson) throws IOException {
    return call("ask_question", argumentsJson);
  }

  /** A model turn answering in text, without a tool. */
  static String text(String t) throws IOException {
    return "{\"type\": \"assistant\", \"text\": " + Json.MAPPER.writeValueAsString(t) + "}";
  }

  static BudgetLedger ledger() {
    return new BudgetLedger(new Budget(10, 100_000, new BigDecimal("1")), PriceTable.bundled());
  }
}
