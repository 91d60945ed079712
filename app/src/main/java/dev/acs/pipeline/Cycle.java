package dev.acs.pipeline;

import dev.acs.agent.CheckRunner;
import dev.acs.agent.CodingRequest;
import dev.acs.agent.CodingResult;
import dev.acs.agent.CodingStatus;
import dev.acs.agent.Plan;
import dev.acs.checks.FailureExtractor;
import dev.acs.checks.TestCommandRunner;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.policy.TestIntegritySignals;
import dev.acs.task.TaskState;
import dev.acs.workspace.AccessToken;
import dev.acs.workspace.ChangeSummary;
import dev.acs.workspace.PushResult;
import dev.acs.workspace.Workspace;
import java.util.List;

/**
 * One round of work on the branch: the model changes the files; the change is committed; PMD
 * looks at the changed Java files (new findings go back to the model once); the gate judges the
 * change; it is pushed. Shared by the first implementation and every repair.
 */
final class Cycle {
  private final TaskRun run;
  private final Workspace ws;
  private final Plan plan;
  private final RepoGitHub.IssueInfo issue;
  private final StaticAnalysis analysis;

  Cycle(TaskRun run, Workspace ws, Plan plan, RepoGitHub.IssueInfo issue) {
    this.run = run;
    this.ws = ws;
    this.plan = plan;
    this.issue = issue;
    this.analysis = new StaticAnalysis(run.services.pmd());
  }

  /** What a round produced; {@code ok} false means the task was ended, with a comment, already. */
  record Outcome(
      boolean ok,
      String headSha,
      PolicyInput.Change change,
      StaticAnalysis.Result analysis,
      String validation,
      PolicyDecision pushDecision,
      CodingResult coding) {
    static Outcome stopped() {
      return new Outcome(false, null, null, null, "", null, null);
    }

    PolicyInput.Findings findings() {
      return analysis.forPolicy();
    }
  }

  Outcome makeChange(String failureContext) {
    String base = run.task().baseBranch();
    CheckRunner checks = checkRunner(base);
    CodingResult coding = code(failureContext, checks);
    if (coding == null) {
      return Outcome.stopped();
    }
    ws.commitAll(commitMessage(coding), run.task().id());
    ChangeSummary summary = ws.changeSummary(base);
    List<String> paths = summary.files().stream().map(PolicyInput.FileChange::path).toList();
    StaticAnalysis.Result found = analysis.newFindings(ws, base, paths);
    if (!found.findings().isEmpty()) {
      run.event("check", found.findings().size() + " new PMD finding(s); back to the model once", found.describe());
      CodingResult fix = code(
          "Static analysis (PMD) found new problems in the files you changed. Fix them without changing behaviour:\n" + found.describe(),
          checks);
      if (fix == null) {
        return Outcome.stopped();
      }
      coding = fix;
      ws.commitAll("ACS: address PMD findings (#" + run.task().issueNumber() + ")", run.task().id());
      summary = ws.changeSummary(base);
      paths = summary.files().stream().map(PolicyInput.FileChange::path).toList();
      found = analysis.newFindings(ws, base, paths);
    }
    if (summary.isEmpty()) {
      run.github.upsertComment(run.task().issueNumber(), "error",
          "ACS finished without changing any file, so there is nothing to push. The model said:\n\n" + TaskReports.quote(coding.summary()));
      run.endAs(TaskState.FAILED, "no changes");
      return Outcome.stopped();
    }
    PolicyInput.TestIntegrity integrity = TestIntegritySignals.of(summary.diff());
    PolicyInput.Change change = new PolicyInput.Change(ws.branch(), base, summary.additions(), summary.deletions(), summary.files(), integrity, summary.diff());
    String validation = TaskReports.validation(found.forPolicy().new_(), found.javaFiles(), lastCheckLine(coding));

    PolicyDecision push = run.ask(Gatekeeper.Ask.of("push").withChange(change).withFindings(found.forPolicy()));
    if (!push.allow()) {
      run.blockedBy(push);
      return Outcome.stopped();
    }
    if (run.github.dryRun()) {
      run.github.pushToken(); // a dry run prints the push it withholds
      run.event("push", "skipped (dry run) " + ws.branch() + " @ " + ws.headSha(), null);
      return new Outcome(true, ws.headSha(), change, found, validation, push, coding);
    }
    PushResult pushed = ws.push(AccessToken.of(run.github.pushToken()));
    run.event("push", pushed.outcome() + " " + ws.branch() + " @ " + pushed.headSha(), pushed.message());
    if (!pushed.pushed()) {
      String why = pushed.humanPushed()
          ? "Someone else pushed to `" + ws.branch() + "` and my commit does not apply on top of theirs. Their commits win: I did not push. "
              + "Comment `/acs fix` to have me try again on top of their work."
          : "The push of `" + ws.branch() + "` failed (" + pushed.outcome() + "): " + TaskReports.oneLine(pushed.message());
      run.github.upsertComment(run.task().issueNumber(), "push", why);
      run.endAs(TaskState.FAILED, "push failed: " + pushed.outcome());
      return Outcome.stopped();
    }
    return new Outcome(true, pushed.headSha(), change, found, validation, push, coding);
  }

  /** Where the repository's own test command may run, it is the check; otherwise PMD is. */
  private CheckRunner checkRunner(String base) {
    if (run.services.runRepositoryChecks() && run.config.testCommand().isPresent()) {
      String command = run.config.testCommand().get();
      TestCommandRunner runner = new TestCommandRunner(TestCommandRunner.DEFAULT_TIMEOUT, TestCommandRunner.DEFAULT_MAX_OUTPUT_BYTES);
      return changed -> {
        TestCommandRunner.Result r = runner.runShell(ws.dir(), command);
        String excerpt = FailureExtractor.forCheckout(ws.dir()).extract(r.output()).excerpt();
        return new CheckRunner.CheckResult(r.passed(), (r.passed() ? "`" + command + "` passed." : "`" + command + "` failed:\n" + excerpt));
      };
    }
    return analysis.asCheckRunner(ws, base);
  }

  private static String lastCheckLine(CodingResult coding) {
    if (coding.lastCheck() == null) {
      return null;
    }
    return "checks run by the agent: " + (coding.lastCheck().passed() ? "passed" : "**failed** (see the ACS check run)");
  }

  private CodingResult code(String failureContext, CheckRunner checks) {
    CodingResult r = run.agent.code(new CodingRequest(ws.dir(), issue.title(), issue.body(), plan, failureContext, checks, run.ledger, run.transcript,
        step -> run.event("model_call", "step " + step.number() + ": " + String.join(", ", step.actions()), null)));
    run.saveSpend();
    run.event("coding", r.status() + ": " + TaskReports.oneLine(r.summary()), null);
    if (r.status() == CodingStatus.FINISHED) {
      return r;
    }
    String why = switch (r.status()) {
      case BUDGET_EXCEEDED -> "the task reached its budget (" + run.ledger.spend().summary() + "); raise `budget` in `.github/acs.yml` to allow more";
      case STEP_LIMIT -> "the model used all its steps or kept repeating itself";
      case MODEL_ERROR -> "the model could not be used: " + TaskReports.oneLine(r.summary());
      case NO_CHANGES -> "the model finished without changing any file";
      case GAVE_UP -> "the model gave up: " + TaskReports.oneLine(r.summary());
      default -> r.status().name();
    };
    run.github.upsertComment(run.task().issueNumber(), "error", "⚠️ ACS stopped: " + why + ".\n\nComment `/acs implement` to try again.");
    run.endAs(TaskState.FAILED, why);
    return null;
  }

  private String commitMessage(CodingResult coding) {
    String title = issue.title().replaceAll("\\s+", " ").strip();
    if (title.length() > 60) {
      title = title.substring(0, 59) + "…";
    }
    return "ACS: " + title + " (#" + run.task().issueNumber() + ")\n\n" + coding.summary().strip() + "\n";
  }
}
