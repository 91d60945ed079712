package dev.acs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.pipeline.AskQuestions;
import dev.acs.pipeline.TaskReports;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acs status}: what {@code /acs status} says in a comment (state, branch, pull request,
 * repair attempts, tokens, cost, last failure, what a waiting task waits for), read from the task
 * database ({@code ACS_DATABASE_URL}, else the embedded default) for a task id, an issue, or the
 * latest tasks of a repository. It reads only; the repository's settings, which the comment also
 * shows, come from GitHub and are not shown here.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show what /acs status shows for a task, from the task database.",
      "The database is ACS_DATABASE_URL's, else the embedded ./.acs/acs. Give a task id, or --repo OWNER/NAME with --issue N for the task of one issue, or --repo alone for the"
          + " repository's latest tasks (newest change first). Exit 1 when there is no such task."
    })
public final class StatusCommand implements Callable<Integer> {
  private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final String H2_FILE = "jdbc:h2:file:";

  @Parameters(index = "0", arity = "0..1", paramLabel = "TASK", description = "A task id (as on the task page and in the logs).")
  String taskId;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "The repository whose tasks to show.")
  String repo;

  @Option(names = "--issue", paramLabel = "N", description = "With --repo: the task of this issue only.")
  Integer issue;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "With --repo alone: at most this many tasks (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array of the tasks instead of text.")
  boolean json;

  private final Env env;
  private final PrintStream out;
  private final PrintStream err;

  public StatusCommand() {
    this(Env.system(), System.out, System.err);
  }

  StatusCommand(Env env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    checkArguments();
    requireExistingDatabase();
    try (Database db = Database.fromEnv(env)) {
      TaskStore store = new TaskStore(db.dataSource());
      List<Task> tasks = select(store);
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        tasks.forEach(t -> array.add(asJson(store, t)));
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      } else {
        tasks.forEach(t -> print(store, t));
      }
      if (tasks.isEmpty()) {
        err.println("acs: " + nothingFound());
        return 1;
      }
      return 0;
    }
  }

  private void checkArguments() {
    if (taskId != null && (repo != null || issue != null)) {
      throw new UserError("give a task id or --repo, not both");
    }
    if (issue != null && repo == null) {
      throw new UserError("--issue needs --repo OWNER/NAME");
    }
    if (taskId == null && repo == null) {
      throw new UserError("give a task id, or --repo OWNER/NAME (with --issue N for the task of one issue)");
    }
    if (repo != null && !FULL_NAME.matcher(repo).matches()) {
      throw new UserError("--repo must be OWNER/NAME, got " + repo);
    }
    if (issue != null && issue < 1) {
      throw new UserError("--issue must be an issue number (1 or more), got " + issue);
    }
    if (limit < 1) {
      throw new UserError("--limit must be 1 or more, got " + limit);
    }
  }

  /** Reading must not make a new, empty embedded database where none was (a mistyped folder, the wrong directory). */
  private void requireExistingDatabase() {
    String url = env.get("ACS_DATABASE_URL", Database.DEFAULT_URL);
    if (!url.startsWith(H2_FILE)) {
      return;
    }
    String name = url.substring(H2_FILE.length());
    int options = name.indexOf(';');
    Path file = Path.of((options < 0 ? name : name.substring(0, options)) + ".mv.db");
    if (!Files.isRegularFile(file)) {
      throw new UserError("no ACS database at " + file.toAbsolutePath().normalize()
          + "; run acs status where acs serve runs, or set ACS_DATABASE_URL to its database");
    }
  }

  private List<Task> select(TaskStore store) {
    if (taskId != null) {
      return store.find(taskId).stream().toList();
    }
    if (issue != null) {
      return store.findByIssue(repo, issue).stream().toList();
    }
    return store.ofRepository(repo, limit);
  }

  private String nothingFound() {
    if (taskId != null) {
      return "no task " + taskId;
    }
    return issue != null ? "no task for " + repo + "#" + issue : "no tasks for " + repo;
  }

  private void print(TaskStore store, Task task) {
    out.println(task.repoFullName() + "#" + task.issueNumber() + "  task " + task.id() + "  (updated " + task.updatedAt() + ")");
    for (Map.Entry<String, String> f : TaskReports.statusFields(task, task.lastFailure()).entrySet()) {
      out.printf("  %-16s %s%n", f.getKey(), f.getValue() == null ? "—" : f.getValue());
    }
    waiting(store, task).ifPresent(w -> out.println("  " + w));
    out.println();
  }

  private static ObjectNode asJson(TaskStore store, Task task) {
    return Json.MAPPER.createObjectNode()
        .put("id", task.id())
        .put("repository", task.repoFullName())
        .put("issue", task.issueNumber())
        .put("state", task.state().name())
        .put("branch", task.branch())
        .put("pull_request", task.prNumber())
        .put("repair_attempts", task.attempts())
        .put("tokens", task.tokens())
        .put("cost_usd", task.costUsd())
        .put("last_failure", task.lastFailure() == null || task.lastFailure().isBlank() ? null : task.lastFailure())
        .put("waiting_for", waiting(store, task).orElse(null))
        .put("created_at", task.createdAt().toString())
        .put("updated_at", task.updatedAt().toString());
  }

  private static Optional<String> waiting(TaskStore store, Task task) {
    if (task.state() != TaskState.WAITING_FOR_ANSWER) {
      return Optional.empty();
    }
    return AskQuestions.lastAsked(store, task).map(AskQuestions::waitingLine);
  }
}
