package dev.acs.cli;

import static dev.acs.testing.ModelApiStub.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code acs status} against a real H2 file database: one that a real {@code acs serve} wrote (a
 * task waiting for an answer, as {@code /acs status} shows it), and one filled through the task
 * store; the command runs through picocli as {@code acs} runs it.
 */
class StatusCommandTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  String url() {
    return "jdbc:h2:file:" + tmp.resolve("db/acs");
  }

  int status(String... args) {
    Env env = new Env(Map.of("ACS_DATABASE_URL", url()));
    CommandLine cli = new CommandLine(new StatusCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    cli.setExecutionExceptionHandler(new ClearErrors(env));
    cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    return cli.execute(args);
  }

  String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theAcsCommandLineHasIt() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("status");
  }

  @Test
  void showsWhatSlashAcsStatusShowsForATaskAServeLeftWaitingForAnAnswer() throws Exception {
    String waitingFor;
    Task waiting;
    try (AppRig rig = new AppRig(tmp.resolve("app"), "autocode")) {
      rig.model.openAi(List.of(call("ask_question", "{\"questions\": [\"Only the spelling?\"], \"assumptions\": \"Only the spelling\"}")));
      Map<String, String> vars = new HashMap<>(rig.openAi());
      vars.put("ACS_DATABASE_URL", url());
      rig.start(vars);
      assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> rig.tasks().findByIssue(AppRig.REPO, 1).map(t -> t.state() == TaskState.WAITING_FOR_ANSWER || t.state().ended()).orElse(false));
      waiting = rig.tasks().findByIssue(AppRig.REPO, 1).orElseThrow();
      assertThat(waiting.state()).as(waiting.lastFailure()).isEqualTo(TaskState.WAITING_FOR_ANSWER);
      rig.app.close(); // the embedded database opens in one process at a time
      rig.app = null;
    }

    assertThat(status("--repo", AppRig.REPO, "--issue", "1")).as(errors()).isZero();
    assertThat(printed()).contains(AppRig.REPO + "#1  task " + waiting.id())
        .contains("  state            WAITING_FOR_ANSWER\n").contains("  branch           " + waiting.branch() + "\n").contains("  pull request     —\n")
        .contains("  tokens           " + String.format("%,d", waiting.tokens()) + "\n")
        .contains("  waiting for an answer to 1 question(s) asked ");
    waitingFor = printed().lines().filter(l -> l.contains("waiting for an answer")).findFirst().orElseThrow().strip();

    out.reset();
    assertThat(status(waiting.id(), "--json")).as(errors()).isZero();
    JsonNode task = Json.MAPPER.readTree(printed()).get(0);
    assertThat(task.path("id").asText()).isEqualTo(waiting.id());
    assertThat(task.path("state").asText()).isEqualTo("WAITING_FOR_ANSWER");
    assertThat(task.path("issue").asInt()).isEqualTo(1);
    assertThat(task.path("tokens").asLong()).isEqualTo(waiting.tokens()).isPositive();
    assertThat(task.path("waiting_for").asText()).isEqualTo(waitingFor);
    assertThat(task.path("pull_request").isNull()).isTrue();
  }

  @Test
  void aRepositorysTasksNewestChangeFirstAndWhatIsNotThere() throws Exception {
    try (Database db = Database.open(url(), "", "", 2)) {
      TaskStore store = new TaskStore(db.dataSource());
      Task first = store.findOrCreate("octo/app", 3, 7L, "Fix the parser");
      Task second = store.findOrCreate("octo/app", 4, 7L, "Add a flag");
      store.findOrCreate("octo/other", 1, 7L, "Elsewhere");
      store.transition(second.id(), TaskState.PLANNED, "planned");
      store.transition(second.id(), TaskState.IMPLEMENTING, "coding");
      store.set(second.id(), "branch", "acs/4-add-a-flag");
      store.addSpend(second.id(), 12_345, new BigDecimal("0.0421"));
      store.transition(second.id(), TaskState.FAILED, "the build failed: 3 tests\nmore lines");
      store.set(second.id(), "last_failure", "the build failed: 3 tests\nmore lines");
      store.transition(first.id(), TaskState.STOPPED, "stopped");

      assertThat(status("--repo", "octo/app")).as(errors()).isZero();
      String text = printed();
      assertThat(text).contains("octo/app#3").contains("octo/app#4").doesNotContain("octo/other");
      assertThat(text.indexOf("octo/app#3")).as("the newest change first").isLessThan(text.indexOf("octo/app#4"));
      assertThat(text).contains("  state            FAILED\n").contains("  branch           acs/4-add-a-flag\n")
          .contains("  tokens           12,345\n").contains("  cost             $0.0421\n")
          .contains("  last failure     the build failed: 3 tests\n").contains("  state            STOPPED\n");

      out.reset();
      assertThat(status("--repo", "octo/app", "--limit", "1", "--json")).isZero();
      JsonNode tasks = Json.MAPPER.readTree(printed());
      assertThat(tasks).hasSize(1);
      assertThat(tasks.get(0).path("issue").asInt()).isEqualTo(3);

      out.reset();
      assertThat(status("--repo", "octo/app", "--issue", "9")).isEqualTo(1);
      assertThat(errors()).contains("acs: no task for octo/app#9");
      assertThat(status("no-such-task", "--json")).isEqualTo(1);
      assertThat(printed().strip()).isEqualTo("[ ]");
      assertThat(errors()).contains("acs: no task no-such-task");
    }
  }

  @Test
  void badArgumentsAndAMissingDatabaseAreSaidWithoutMakingOne() {
    assertThat(status()).isEqualTo(2);
    assertThat(errors()).contains("give a task id, or --repo OWNER/NAME");
    assertThat(status("--issue", "3")).isEqualTo(2);
    assertThat(errors()).contains("--issue needs --repo OWNER/NAME");
    assertThat(status("--repo", "not a repo")).isEqualTo(2);
    assertThat(errors()).contains("--repo must be OWNER/NAME");

    assertThat(status("--repo", "octo/app")).isEqualTo(2);
    assertThat(errors()).contains("no ACS database at " + tmp.resolve("db/acs.mv.db"));
    assertThat(tmp.resolve("db")).doesNotExist();
  }
}
