package dev.acs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.acs.agent.CheckRunner;
import dev.acs.agent.CodingRequest;
import dev.acs.agent.CodingResult;
import dev.acs.agent.CodingStatus;
import dev.acs.agent.Plan;
import dev.acs.config.Json;
import dev.acs.context.RepositoryInstructions;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.policy.TestIntegritySignals;
import dev.acs.task.TaskState;
import dev.acs.workspace.AccessToken;
import dev.acs.workspace.BranchReading;
import dev.acs.workspace.ChangeSummary;
import dev.acs.workspace.CommitStyle;
import dev.acs.workspace.CommitInfo;
import dev.acs.workspace.PushResult;
import dev.acs.workspace.Workspace;
import java.util.List;
import java.util.Optional;

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
  /** The repository's instructions for this round's model runs (read once, remembers what it gave). */
  private RepositoryInstructions instructions;

  Cycle(TaskRun run, Workspace ws, Plan plan, RepoGitHub.IssueInfo issue) {
    this.run = run;
    this.ws = ws;
    this.plan = plan;
    this.issue = issue;
    this.analysis = new StaticAnalysis(run.services.pmd(), run.services.runRepositoryChecks());
  }

  /**
   * What a round is for. The first implementation ends the task when the model changes nothing; a
   * repair hands that back to its caller (a review may need no change), names its commit for what
   * it repairs, comments on the pull request, and waits instead of failing when a person's push wins.
   */
  record Purpose(String commitSubject, String retryHint, boolean repair) {
    static final Purpose IMPLEMENT = new Purpose(null, "Comment `/acs implement` to try again.", false);

    static Purpose repair(String commitSubject) {
      return new Purpose(commitSubject, "Comment `/acs fix` to try again.", true);
    }
  }

  /**
   * What a round produced; {@code ok} false means the task was ended (or, for a repair, put back to
   * wait), with a comment, already — except when {@link #unchanged()}: then the model made no
   * change (or gave up) and the caller of a repair says so.
   */
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

    static Outcome unchanged(CodingResult coding) {
      return new Outcome(false, null, null, null, "", null, coding);
    }

    boolean unchanged() {
      return !ok && coding != null;
    }

    PolicyInput.Findings findings() {
      return analysis.forPolicy();
    }
  }

  /**
   * What a push carried, recorded as {@code push:<head>} before the push is sent: a job resumed
   * after a crash finds the branch at {@code head} and continues without coding again.
   */
  record Pushed(
      String head,
      String summary,
      String validation,
      PolicyDecision pushDecision,
      PolicyInput.Findings findings,
      List<RepoGitHub.AnnotationInfo> annotations,
      boolean neutral) {
    static Pushed of(Outcome out) {
      return new Pushed(out.headSha(), out.coding().summary(), out.validation(), out.pushDecision(), out.findings(),
          out.analysis().annotations(), !out.analysis().findings().isEmpty());
    }
  }

  /** The push this task recorded for {@code head}, if the branch's tip is one it pushed. */
  static Optional<Pushed> recordedPush(TaskRun run, String head) {
    return run.step("push:" + head).map(json -> {
      try {
        return Json.MAPPER.readValue(json, Pushed.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("unreadable record of push " + head + " of task " + run.task().id(), e);
      }
    });
  }

  static PolicyInput.Change change(Workspace ws, String base) {
    ChangeSummary s = ws.changeSummary(base);
    return new PolicyInput.Change(ws.branch(), base, s.additions(), s.deletions(), s.files(), TestIntegritySignals.of(s.diff()), s.diff());
  }

  Outcome makeChange(String failureContext) {
    return makeChange(failureContext, Purpose.IMPLEMENT);
  }

  Outcome makeChange(String failureContext, Purpose purpose) {
    String base = run.task().baseBranch();
    CheckRunner checks = checkRunner(base);
    CodingResult coding = code(failureContext, checks, purpose, false);
    if (coding == null || stopped()) {
      return Outcome.stopped();
    }
    if (coding.status() != CodingStatus.FINISHED) {
      return Outcome.unchanged(coding);
    }
    run.progress().activity(purpose.repair() ? "committing the repair" : "committing the change");
    ws.commitAll(commitMessage(coding, purpose), run.task().id());
    FindingsFeedback.Round round = FindingsFeedback.once(analysis, ws, base, coding, new FindingsFeedback.Side() {
      @Override
      public ChangeSummary change() {
        return ws.changeSummary(base);
      }

      @Override
      public void sendBack(StaticAnalysis.Result found) {
        run.event("check", found.findings().size() + " new static-analysis finding(s); back to the model once", found.describe());
      }

      @Override
      public CodingResult fix(String feedback) {
        return code(feedback, checks, purpose, true);
      }

      @Override
      public void fixed(CodingResult fix) {
        ws.commitAll(followUpMessage(fix, "refactor", "Address PMD findings in " + String.join(", ", fileNames(fix.filesChanged())),
            "Addressed the PMD findings that the change had introduced."), run.task().id());
      }

      @Override
      public boolean left(CodingResult fix) {
        // The change made before stands; the findings go on the check run and the policy judges them.
        run.event("check", "the model left the PMD findings as they are", TaskReports.oneLine(fix.summary()));
        return true;
      }
    });
    if (round.stopped()) {
      return Outcome.stopped();
    }
    coding = round.coding();
    ChangeSummary summary = round.change();
    StaticAnalysis.Result found = round.found();
    if (summary.isEmpty()) {
      run.github.upsertComment(run.task().issueNumber(), "error",
          "ACS finished without changing any file, so there is nothing to push. The model said:\n\n" + TaskReports.quote(coding.summary()));
      run.endAs(TaskState.FAILED, "no changes");
      return Outcome.stopped();
    }
    PolicyInput.TestIntegrity integrity = TestIntegritySignals.of(summary.diff());
    PolicyInput.Change change = new PolicyInput.Change(ws.branch(), base, summary.additions(), summary.deletions(), summary.files(), integrity, summary.diff());
    String validation = TaskReports.validation(found.forPolicy().new_(), found.javaFiles(), lastCheckLine(coding));

    if (stopped()) {
      return Outcome.stopped();
    }
    run.progress().activity("asking the policy before the push");
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
    Outcome ready = new Outcome(true, ws.headSha(), change, found, validation, push, coding);
    // Recorded before the push: a job resumed after a crash that finds the branch here goes on from it.
    run.record("push:" + ws.headSha(), json(Pushed.of(ready)));
    run.progress().activity("pushing `" + ws.branch() + "`");
    PushResult pushed = ws.push(AccessToken.of(run.github.pushToken()));
    run.event("push", pushed.outcome() + " " + ws.branch() + " @ " + pushed.headSha(), pushed.message());
    if (!pushed.pushed()) {
      if (pushed.humanPushed()) {
        personPushed(purpose, pushed);
      } else {
        run.github.upsertComment(commentTarget(purpose), "push",
            "The push of `" + ws.branch() + "` failed (" + pushed.outcome() + "): " + TaskReports.oneLine(pushed.message()));
        run.endAs(TaskState.FAILED, "push failed: " + pushed.outcome());
      }
      return Outcome.stopped();
    }
    if (!pushed.headSha().equals(ready.headSha())) {
      run.record("push:" + pushed.headSha(), json(Pushed.of(new Outcome(true, pushed.headSha(), change, found, validation, push, coding))));
    }
    return new Outcome(true, pushed.headSha(), change, found, validation, push, coding);
  }

  /**
   * A person pushed to the branch while ACS worked: their commits win and ACS never pushes over
   * them. The comment names their commits. A repair leaves the task waiting on the pull request
   * (for them, or {@code /acs fix}); the first implementation stops.
   */
  private void personPushed(Purpose purpose, PushResult pushed) {
    List<CommitInfo> theirs = pushed.humanCommits();
    StringBuilder names = new StringBuilder();
    theirs.stream().limit(10).forEach(c -> names.append("\n- ").append(c.shortSha()).append(" by ")
        .append(TaskRepairs.sanitize(String.valueOf(c.authorName()))).append(": ").append(TaskRepairs.sanitize(TaskReports.oneLine(String.valueOf(c.subject())))));
    if (theirs.size() > 10) {
      names.append("\n- … and ").append(theirs.size() - 10).append(" more");
    }
    run.github.upsertComment(commentTarget(purpose), "push", "Someone else pushed to `" + ws.branch() + "` while I was working. "
        + "Their commits win: I did not push, and I will not push over them." + names
        + "\n\n" + (purpose.repair() ? "Comment `/acs fix` to have me try again on top of their work." : "Comment `/acs implement` to start again."));
    run.set("human_head_sha", pushed.remoteSha());
    run.set("human_pushed_by", theirs.get(0).authorName());
    String why = "push " + pushed.outcome() + ": someone else pushed to " + ws.branch();
    if (purpose.repair()) {
      run.set("last_failure", why);
      run.move(TaskState.PR_OPEN, "a person pushed to " + ws.branch() + "; not pushing over it");
    } else {
      run.endAs(TaskState.STOPPED, why);
    }
  }

  private static String json(Pushed p) {
    try {
      return Json.MAPPER.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the repository's own test command may run, it is the check; otherwise PMD is. */
  private CheckRunner checkRunner(String base) {
    if (run.services.runRepositoryChecks() && run.config.testCommand().isPresent()) {
      return new TestCommandCheck(ws.dir(), run.config.testCommand().get());
    }
    return analysis.asCheckRunner(ws, base);
  }

  private static String lastCheckLine(CodingResult coding) {
    if (coding.lastCheck() == null) {
      return null;
    }
    return "checks run by the agent: " + (coding.lastCheck().passed() ? "passed" : "**failed** (see the ACS check run)");
  }

  /**
   * True when people ended the task while this round ran (/acs stop, the pull request merged or
   * closed, the issue closed): nothing more is done, nothing is pushed.
   */
  private boolean stopped() {
    TaskState now = run.reload().state();
    if (now != TaskState.STOPPED && now != TaskState.DONE) {
      return false;
    }
    run.event("stop", "the task is " + now + " now; the round ends before pushing", null);
    return true;
  }

  /** Repairs talk on the pull request, where the people who asked for them are. */
  private int commentTarget(Purpose purpose) {
    Integer pr = run.task().prNumber();
    return purpose.repair() && pr != null ? pr : run.task().issueNumber();
  }

  /** The model's run; null when it did not finish (the task is ended), unless no change was fine. */
  private CodingResult code(String failureContext, CheckRunner checks, Purpose purpose, boolean noChangeIsFine) {
    if (instructions == null) {
      instructions = RepositoryConventions.instructions(ws, run.repo.defaultBranch(), run.config);
    }
    String doing = purpose.repair() ? "repairing (" + TaskReports.oneLine(purpose.commitSubject()).replace("@", "") + ")" : "implementing";
    ProgressReport progress = run.progress();
    progress.activity(doing + ": reading the code");
    CodingResult r = run.agent.code(new CodingRequest(ws.dir(), issue.title(), issue.body(), plan, failureContext, checks, run.ledger, run.transcript,
        new CodingRequest.StepListener() {
          @Override
          public void onStep(CodingRequest.Step step) {
            run.event("model_call", "step " + step.number() + ": " + String.join(", ", step.actions()), null);
          }

          @Override
          public void onTool(String tool) {
            String what = ToolActivity.of(tool, checks instanceof TestCommandCheck);
            if (what != null) {
              progress.activity(doing + ": " + what);
            }
          }

          @Override
          public void onPlanStepDone(int number) {
            progress.stepDone(number);
          }

          @Override
          public void onInstructions(String source) {
            progress.following(source);
          }
        }, instructions));
    progress.activity(doing + ": checking the change");
    run.saveSpend();
    run.event("coding", r.status() + ": " + TaskReports.oneLine(r.summary()), null);
    if (r.status() == CodingStatus.FINISHED
        || noChangeIsFine && r.status() == CodingStatus.NO_CHANGES
        || purpose.repair() && (r.status() == CodingStatus.NO_CHANGES || r.status() == CodingStatus.GAVE_UP)) {
      return r;
    }
    String why = CodingStops.reason(r, run.ledger.spend());
    run.github.upsertComment(commentTarget(purpose), "error", "⚠️ ACS stopped: " + why + ".\n\n" + purpose.retryHint());
    run.endAs(TaskState.FAILED, why);
    return null;
  }

  /**
   * The commit message in the repository's style ({@link CommitStyle}): the model's subject for the
   * change (a repair's says what it repairs when the model gave none), never one the branch has
   * already; the model's summary as the body.
   */
  private String commitMessage(CodingResult coding, Purpose purpose) {
    CommitStyle style = style();
    List<String> used = BranchReading.recentSubjects(ws, ws.headSha(), CommitStyle.SAMPLE);
    String type = purpose.repair() ? "fix" : null; // a repair fixes the pull request's change, whatever that change was
    String subject = null;
    for (String description : java.util.Arrays.asList(coding.commitSubject(), purpose.repair() ? purpose.commitSubject() : null)) {
      if (description != null && !description.isBlank()) {
        String s = style.subject(change(description, type, coding.filesChanged()));
        if (!used.contains(s)) {
          subject = s;
          break;
        }
      }
    }
    if (subject == null) {
      String fallback = purpose.repair() ? purpose.commitSubject() : null;
      subject = CommitStyle.unique(style.subject(change(fallback, type, coding.filesChanged())), used);
    }
    return message(subject, coding.summary());
  }

  /** A commit after the main one in the same round (PMD findings addressed): its own subject. */
  private String followUpMessage(CodingResult fix, String type, String description, String fallbackBody) {
    CommitStyle style = style();
    List<String> used = BranchReading.recentSubjects(ws, ws.headSha(), CommitStyle.SAMPLE);
    String subject = CommitStyle.unique(style.subject(change(description, style.conventional() ? type : null, fix.filesChanged())), used);
    return message(subject, fix.summary() == null || fix.summary().isBlank() ? fallbackBody : fix.summary());
  }

  private CommitStyle style;

  private CommitStyle style() {
    if (style == null) {
      style = RepositoryConventions.commitStyle(ws, run.repo.defaultBranch());
      run.event("commit", "commit style of " + run.repo.defaultBranch() + ": " + (style.conventional() ? "Conventional Commits" : "plain")
          + " (from " + style.sampled() + " subjects)", null);
    }
    return style;
  }

  private CommitStyle.Change change(String description, String type, List<String> paths) {
    return new CommitStyle.Change(description, type, issue.title(), issue.labels(), paths, run.task().issueNumber());
  }

  /** Subject, blank line, body (model-written: switches that would make CI skip the commit are removed). */
  static String message(String subject, String body) {
    String b = CommitStyle.withoutCiSkips(body == null ? "" : body).strip();
    return subject + (b.isEmpty() ? "" : "\n\n" + b) + "\n";
  }

  private static List<String> fileNames(List<String> paths) {
    List<String> names = paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).distinct().limit(3).toList();
    return names.isEmpty() ? List.of("the change") : names;
  }
}
