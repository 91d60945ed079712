package dev.acs.cli;

import dev.acs.agent.Agent;
import dev.acs.agent.Agents;
import dev.acs.agent.BudgetLedger;
import dev.acs.agent.CheckRunner;
import dev.acs.agent.CodingRequest;
import dev.acs.agent.CodingResult;
import dev.acs.agent.CodingStatus;
import dev.acs.agent.Plan;
import dev.acs.agent.Planner;
import dev.acs.agent.Transcript;
import dev.acs.checks.FailureExtractor;
import dev.acs.checks.TestCommandRunner;
import dev.acs.config.Env;
import dev.acs.config.RepoConfig;
import dev.acs.pipeline.LocalRun;
import dev.acs.policy.PolicyInput;
import dev.acs.workspace.ChangeSummary;
import dev.acs.workspace.Workspace;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acs replay}: plays a recorded task's model turns again, offline, on a local checkout.
 * The model is the transcript ({@code replay:FILE}); the tools, edits, budget checks and
 * the repository's checks are live, so a replay shows what the recorded answers do to this
 * checkout now. Its result is a commit on a new local branch, never a push.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run a recorded task offline on a local checkout.",
      "TASK is a task id whose transcript is in the transcript folder (ACS_TRANSCRIPT_DIR, else the"
          + " checkout's .git/acs/transcripts, where acs run writes them), or FILE a transcript file. The recorded"
          + " model turns are played back through the live tools; the result is committed on a new local branch."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TASK|FILE", description = "A task id, or the path of a transcript file.")
  String what;

  @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The local checkout to replay on (clean; left on the new branch).")
  Path repo;

  @Option(names = "--branch", paramLabel = "NAME", description = "The branch to create (default: acs/replay-<task>).")
  String branch;

  @Option(names = {"--test-cmd", "--test-command"}, paramLabel = "CMD",
      description = "The repository's checks, run with sh -c when the model asks (default: none).")
  String testCommand;

  @Option(names = "--title", paramLabel = "TEXT",
      description = "The issue title the prompts show (the replayed model does not read it) and the commit subject falls back to"
          + " (default: Replay <task>).")
  String title;

  private final Env env;
  private final PrintStream out;

  public ReplayCommand() {
    this(Env.system(), System.out);
  }

  ReplayCommand(Env env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    Path transcripts = LocalTranscripts.dir(env, repo);
    Path file = transcriptFile(what, transcripts);
    Transcript recorded = Transcript.read(file);
    List<Transcript.Entry> turns = recorded.entries().stream().filter(e -> e.type().equals("assistant")).toList();
    boolean plans = !turns.isEmpty() && "plan".equals(turns.get(0).phase());
    String label = recorded.task().replaceAll("[^A-Za-z0-9._-]+", "-");
    String taskId = ("replay-" + label).substring(0, Math.min(100, label.length() + 7));
    String target = branch != null ? branch : "acs/replay-" + label.substring(0, Math.min(40, label.length()));
    out.println("replaying " + file + " (" + turns.size() + " model turns, task " + recorded.task() + ") on " + repo.toAbsolutePath());

    Agents agents = Agents.fromEnv(env).withModel("replay:" + file);
    Agent agent = agents.forTask(null);
    BudgetLedger ledger = agents.ledger(RepoConfig.defaults().budget(), 0, BigDecimal.ZERO);
    Transcript transcript = agents.transcript(taskId);
    Workspaces workspaces = new Workspaces(WorkspaceSettings.fromEnv(env));
    try (Workspace ws = workspaces.openLocal(repo, target, null)) {
      Plan plan = null;
      if (plans) {
        plan = agent.plan(new Planner.PlanRequest(ws.dir(), promptTitle(), "", null, ledger, transcript));
        out.println("plan: " + plan.summary());
        for (String step : plan.steps()) {
          out.println("  - " + step);
        }
      }
      CodingResult result = agent.code(new CodingRequest(ws.dir(), promptTitle(), "", plan, null, checks(ws.dir()), ledger, transcript,
          step -> out.println("step " + step.number() + ": " + String.join(", ", step.actions()))));
      out.println("coder: " + result.status() + " — " + result.summary().strip());
      // As acs run commits: the recorded model's subject in the repository's style (else one from the
      // title); the body says it is a replay.
      String message = LocalRun.commitMessage(ws, ws.startedFrom(), title != null ? title : "Replay " + recorded.task(), 0, result,
          result.filesChanged(), false, result.summary() + "\n\nReplayed from the transcript of task " + recorded.task() + ".");
      Optional<String> sha = ws.commitAll(message, taskId);
      if (sha.isPresent()) {
        ChangeSummary change = ws.changeSummary(ws.startedFrom());
        out.println("committed " + sha.get().substring(0, 10) + " on " + target + ": " + change.files().size() + " file(s), +"
            + change.additions() + " -" + change.deletions());
        for (PolicyInput.FileChange f : change.files()) {
          out.println("  " + f.status() + " " + f.path() + " (+" + f.additions() + " -" + f.deletions() + ")");
        }
      } else {
        out.println("no change to commit; " + target + " is left as it started");
      }
      out.println("cost: " + ledger.spend().summary());
      Path written = transcript.writeTo(transcripts);
      out.println(written == null ? "this replay made no model call: no transcript" : "this replay's transcript: " + written);
      return result.status() == CodingStatus.FINISHED ? 0 : 1;
    }
  }

  /** What the prompts show as the title: the model was recorded, so it only fills the prompt. */
  private String promptTitle() {
    return title != null ? title : "Replayed task";
  }

  private CheckRunner checks(Path dir) {
    if (testCommand == null || testCommand.isBlank()) {
      return null;
    }
    TestCommandRunner runner = new TestCommandRunner(TestCommandRunner.DEFAULT_TIMEOUT, TestCommandRunner.DEFAULT_MAX_OUTPUT_BYTES);
    return changed -> {
      TestCommandRunner.Result r = runner.runShell(dir, testCommand);
      return new CheckRunner.CheckResult(r.passed(),
          r.passed() ? "`" + testCommand + "` passed." : "`" + testCommand + "` failed:\n" + FailureExtractor.forCheckout(dir).extract(r.output()).excerpt());
    };
  }

  /**
   * A file as given, or the newest transcript of task {@code what} in {@code dir}: each job of a
   * task writes its transcript as it goes, so the newest one holds the most of it.
   */
  static Path transcriptFile(String what, Path dir) throws IOException {
    Path asFile = Path.of(what);
    if (Files.isRegularFile(asFile)) {
      return asFile;
    }
    String prefix = what.replaceAll("[^A-Za-z0-9._-]+", "_") + "-";
    if (!Files.isDirectory(dir)) {
      throw new UserError(what + " is not a file, and there is no transcript folder " + dir.toAbsolutePath()
          + " (ACS_TRANSCRIPT_DIR, else the checkout's .git/acs/transcripts) to look for task " + what + " in");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".json"))
          .max(Comparator.comparing((Path p) -> modified(p)).thenComparing(p -> p.getFileName().toString().length()).thenComparing(Path::toString))
          .orElseThrow(() -> new UserError("no transcript of task " + what + " in " + dir.toAbsolutePath() + " (files are named <task>-<time>.json)"));
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
