package dev.acs.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.acs.agent.Agent;
import dev.acs.agent.Agents;
import dev.acs.agent.BudgetLedger;
import dev.acs.agent.Transcript;
import dev.acs.checks.PmdCheck;
import dev.acs.config.Env;
import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoConfigFile;
import dev.acs.pipeline.LocalRun;
import dev.acs.policy.PolicyGates;
import dev.acs.workspace.BranchName;
import dev.acs.workspace.Workspace;
import dev.acs.workspace.WorkspaceException;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acs run}: local mode, the pipeline on a local git checkout without GitHub. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Work on a task in a local git checkout; nothing is pushed.",
      "Plans, changes the code on a new branch acs/…, commits, and with a test command runs the tests and"
          + " feeds failures back to the model. The checkout must be clean. The same policy gate as the App's"
          + " judges each change before it is committed.",
      "Exit 0 when done, 1 when the work failed or was blocked, 2 on a usage error. See docs/usage.md, \"Local mode\"."
    })
public final class RunCommand implements Callable<Integer> {
  static final int MAX_ATTEMPTS = 20;

  @Spec CommandSpec spec;

  @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The git checkout to work in (its top folder).")
  Path repo;

  @Option(names = "--task", required = true, paramLabel = "FILE",
      description = "The task: Markdown (first line is the title) or JSON {\"title\", \"body\"}.")
  Path task;

  @Option(names = "--model", paramLabel = "SPEC",
      description = "provider:model[,provider:model…] or replay:FILE (default: ACS_MODEL, then .github/acs.yml's model).")
  String model;

  @Option(names = {"--test-cmd", "--test-command"}, paramLabel = "CMD",
      description = "Run with sh -c after each commit; failures go back to the model (default: test_command in .github/acs.yml).")
  String testCommand;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "Rounds of code, commit and test (default: max_attempts in .github/acs.yml, else 3).")
  Integer maxAttempts;

  @Option(names = "--branch", paramLabel = "NAME", description = "The branch to work on (default: acs/<issue>-<slug> or acs/local-<slug>).")
  String branch;

  private final Env env;

  public RunCommand() {
    this(Env.system());
  }

  RunCommand(Env env) {
    this.env = env;
  }

  @Override
  public Integer call() throws IOException {
    Logger acsLogs = LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c.getLogger("dev.acs") : null;
    Level level = acsLogs == null ? null : acsLogs.getLevel();
    if (acsLogs != null && env.get("ACS_LOG_LEVEL").isEmpty()) {
      // The run tells its story on stdout; ACS's INFO log lines (JSON, on stderr, so on the same
      // terminal) would break it up. Warnings and errors stay; ACS_LOG_LEVEL brings the rest back.
      acsLogs.setLevel(Level.WARN);
    }
    try {
      return work();
    } finally {
      if (acsLogs != null) {
        acsLogs.setLevel(level);
      }
    }
  }

  private int work() throws IOException {
    TaskFile t = TaskFile.read(task);
    if (!Files.isDirectory(repo)) {
      throw new UserError("--repo " + repo + " is not a directory");
    }
    if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)) {
      throw new UserError("--max-attempts must be between 1 and " + MAX_ATTEMPTS + ", got " + maxAttempts);
    }
    Agents agents = Agents.fromEnv(env).withModel(model);
    if (!agents.configured()) {
      throw new UserError("no model configured: pass --model (e.g. anthropic:claude-sonnet-4-5, openai:gpt-4.1 or replay:FILE)"
          + " or set ACS_MODEL");
    }
    RepoConfig config = localConfig(repo);
    // --model wins over the file; ACS_MODEL gives way to it, as on the server.
    Agent agent = agents.forTask(model != null ? null : config.model().orElse(null));
    PolicyGates gates = PolicyGates.fromEnv(env, TaskWiring.ownSecrets(env));
    Optional<String> tests = Optional.ofNullable(testCommand).filter(s -> !s.isBlank()).or(config::testCommand);
    int attempts = maxAttempts != null ? maxAttempts : config.maxAttempts();

    String name = branch != null ? branch
        : t.issue() > 0 ? BranchName.forIssue(t.issue(), t.title()) : BranchName.PREFIX + "local-" + BranchName.slug(t.title());
    Workspace ws;
    try {
      ws = new Workspaces(WorkspaceSettings.fromEnv(env)).openLocal(repo, name, null);
    } catch (WorkspaceException | IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    String taskId = "local-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Transcript transcript = agents.transcript(taskId);
    BudgetLedger ledger = agents.ledger(config.budget(), 0, BigDecimal.ZERO);
    PrintWriter out = spec.commandLine().getOut();
    try (ws) {
      LocalRun.Result result = new LocalRun(agent, ledger, transcript, gates, gates.describe(), PmdCheck.withBundledRules(), config, out)
          .run(ws, new LocalRun.Request(taskId, t.title(), t.body(), t.issue(), tests, attempts, System.getProperty("user.name", "local")));
      try {
        Path written = transcript.writeTo(transcriptDir(ws.dir()));
        out.println(written == null ? "Transcript: none (no model call was made)" : "Transcript: " + written);
      } catch (IOException e) {
        out.println("The transcript could not be written: " + e.getMessage());
      }
      out.flush();
      return result.outcome() == LocalRun.Outcome.DONE ? 0 : 1;
    }
  }

  /** .github/acs.yml as the checkout has it (the tree is clean, so as committed), else the defaults. */
  static RepoConfig localConfig(Path repo) {
    Path file = repo.resolve(RepoConfigFile.PATH);
    if (!Files.isRegularFile(file)) {
      return RepoConfig.defaults();
    }
    try {
      return RepoConfig.parse(Files.readString(file)).config();
    } catch (RepoConfigException | IOException e) {
      throw new UserError(file + " cannot be used: " + e.getMessage());
    }
  }

  Path transcriptDir(Path checkout) {
    return LocalTranscripts.dir(env, checkout);
  }
}
