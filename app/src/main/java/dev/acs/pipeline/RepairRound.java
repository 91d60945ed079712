package dev.acs.pipeline;

import static dev.acs.pipeline.TaskRepairs.ATTEMPT_EVENT;
import static dev.acs.pipeline.TaskRepairs.shortSha;

import dev.acs.agent.CodingResult;
import dev.acs.agent.CodingStatus;
import dev.acs.agent.Plan;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.TaskState;
import dev.acs.workspace.Workspace;
import java.util.List;
import java.util.Optional;

/**
 * One repair commit as resumable steps: REPAIRING, the attempt counted, one {@link Cycle} round on
 * the branch, then the push recorded, the head's one ACS check run, the attempt in the audit
 * trail, back to PR_OPEN. A job that is retried after its run died finds the recorded push and
 * finishes the steps instead of coding again.
 */
final class RepairRound {
  private final TaskServices services;
  private final TaskPipeline pipeline;

  RepairRound(TaskServices services, TaskPipeline pipeline) {
    this.services = services;
    this.pipeline = pipeline;
  }

  /**
   * Moves the task to REPAIRING, counts the attempt, and runs one round of {@link Cycle} on the
   * branch. A request by a person (review, {@code /acs fix}) starts the count again: the limit
   * bounds what ACS does on its own. {@code expectedHead} (for CI repairs) must still be the
   * branch's tip, else someone pushed meanwhile and nothing is done. Returns null when there is
   * nothing more to say (nothing done, or the round ended the task with a comment); otherwise the
   * round's outcome (pushed, or no change), with the task back in PR_OPEN.
   */
  Cycle.Outcome make(TaskRun run, int pr, String context, String subject, boolean askedByPerson, String expectedHead, String key) {
    Optional<Cycle.Pushed> earlier = run.step("repair_push:" + key).flatMap(head -> Cycle.recordedPush(run, head));
    if (earlier.isPresent()) {
      // A run that died after pushing this repair: its push stands; finish what it did not.
      Cycle.Pushed p = earlier.get();
      run.event("resume", "repair " + key + " was pushed as " + shortSha(p.head()) + " by an earlier run; not coding again", null);
      return afterPush(run, p, subject, run.task().attempts(), true);
    }
    if (askedByPerson) {
      run.set("attempts", 0);
    }
    run.move(TaskState.REPAIRING, subject);
    run.store().incrementAttempts(run.task().id());
    int attempt = run.reload().attempts();
    // What this round is for, so that a run taking over after a crash can report its push.
    run.record("repair_round:" + attempt, key + "\n" + subject);
    try (Workspace ws = pipeline.checkout(run)) {
      if (expectedHead != null && !expectedHead.equals(ws.startedFrom())) {
        run.event("repair", "the branch moved from " + shortSha(expectedHead) + " to " + shortSha(ws.startedFrom()) + "; not repairing an old head", null);
        run.set("attempts", attempt - 1);
        run.move(TaskState.PR_OPEN, "head moved before the repair");
        services.metrics().repair(kindOf(key), "skipped");
        return null;
      }
      Plan plan = TaskPipeline.storedPlan(run.task()).orElse(null);
      RepoGitHub.IssueInfo issue = run.github.issue(run.task().issueNumber());
      Cycle.Outcome out = new Cycle(run, ws, plan, issue).makeChange(context, Cycle.Purpose.repair(subject));
      services.metrics().repair(kindOf(key), out.ok() ? "pushed" : out.unchanged() ? "no_change" : "ended");
      if (out.ok()) {
        run.record("repair_push:" + key, out.headSha());
        return afterPush(run, Cycle.Pushed.of(out), subject, attempt, false);
      } else if (out.unchanged()) {
        run.event(ATTEMPT_EVENT, "attempt " + attempt + ": no change (" + out.coding().status() + ") — " + TaskReports.oneLine(out.coding().summary()),
            subject);
        if (run.reload().state() == TaskState.REPAIRING) {
          run.move(TaskState.PR_OPEN, "repair made no change");
        }
      }
      return out.ok() || out.unchanged() ? out : null;
    }
  }

  /** {@code checks} of {@code checks:<sha>}: the kind of repair (checks, review, fix). */
  static String kindOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }

  /** The steps after a repair's push: record the head, its one ACS check run, the attempt; back to PR_OPEN. */
  Cycle.Outcome afterPush(TaskRun run, Cycle.Pushed p, String subject, int attempt, boolean resumed) {
    run.set("head_sha", p.head());
    long checkRunId = pipeline.checkRunFor(run, p.head(), resumed, CheckRunUpdate.inProgress("Repair attempt " + attempt + " pushed", ""));
    if (run.record("check_run_done:" + checkRunId, p.neutral() ? "neutral" : "success")) {
      run.github.updateCheckRun(checkRunId, CheckRunUpdate.completed(
          p.neutral() ? "neutral" : "success",
          "Repair attempt " + attempt + " pushed",
          p.validation() + "\n\n**Policy:** " + TaskReports.decisionLine(p.pushDecision()) + "\n\n**Cost so far:** "
              + run.ledger.spend().summary() + "\n\n_" + services.policyDescription() + "_",
          null, p.annotations()));
    }
    if (run.record("attempt_event:" + p.head(), "")) {
      run.event(ATTEMPT_EVENT, "attempt " + attempt + ": pushed " + shortSha(p.head()) + " — " + TaskReports.oneLine(p.summary()), subject);
    }
    if (run.reload().state() == TaskState.REPAIRING) {
      run.move(TaskState.PR_OPEN, "repair attempt " + attempt + " pushed");
    }
    CodingResult coding = new CodingResult(CodingStatus.FINISHED, p.summary(), List.of(), run.ledger.spend(), 0, null, run.transcript);
    return new Cycle.Outcome(true, p.head(), null, null, p.validation(), p.pushDecision(), coding);
  }

  /**
   * The task is REPAIRING but this run holds its lease: the repair's run died (its lease expired,
   * or this is its job retried). Whatever it pushed stands: a branch tip it recorded becomes the
   * head; then the task waits on its pull request again and this job goes on.
   */
  void takeOver(TaskRun run, int pr) {
    run.event("lease", "taking over a repair that its run left unfinished", null);
    String tip = run.github.pullRequest(pr).map(RepoGitHub.PullRequestInfo::headSha).orElse(null);
    if (tip != null && !tip.equals(run.task().headSha())) {
      Optional<Cycle.Pushed> pushed = Cycle.recordedPush(run, tip);
      if (pushed.isPresent()) {
        afterPush(run, pushed.get(), "an interrupted repair", run.task().attempts(), true);
        reportTakenOverPush(run, pr, tip, pushed.get());
      }
    }
    if (run.reload().state() == TaskState.REPAIRING) {
      run.move(TaskState.PR_OPEN, "an interrupted repair was taken over");
    }
  }

  /**
   * The run that died had pushed its repair but not said so on the pull request: say it now, once,
   * the way the round would have (the CI repair's comment is edited in place, like the round's).
   */
  private static void reportTakenOverPush(TaskRun run, int pr, String tip, Cycle.Pushed pushed) {
    int attempt = run.task().attempts();
    String round = run.step("repair_round:" + attempt).orElse(null);
    if (round == null || !run.record("repair_reported:" + tip, "")) {
      return;
    }
    int cut = round.indexOf('\n');
    String key = cut < 0 ? round : round.substring(0, cut);
    String subject = cut < 0 ? "a repair" : round.substring(cut + 1);
    run.record("repair_push:" + key, tip);
    String text = "🔧 Repair attempt " + attempt + ": pushed " + shortSha(tip) + " (" + TaskReports.oneLine(subject) + ").\n\n"
        + TaskReports.quote(pushed.summary())
        + "\n\n_Written by the model; the checks on the new commit will tell. (Reported after ACS restarted mid-repair.)_";
    if (key.startsWith("checks:")) {
      run.github.upsertComment(pr, "repair", text);
    } else {
      run.github.comment(pr, text);
    }
  }
}
