package dev.acs.pipeline;

import dev.acs.github.GitHubException;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.ReviewCommentInfo;
import dev.acs.policy.PolicyDecision;
import dev.acs.policy.PolicyInput;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.workspace.ChangeSummary;
import dev.acs.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeping ACS's pull request green: the durable jobs behind failing checks, green checks, reviews
 * and {@code /acs fix}. Each public method is one job; it leaves the task in a clear state
 * ({@code PR_OPEN} to wait for the next event, {@code FAILED} when the attempts are used up) and
 * says on the pull request what happened.
 *
 * <p>Repairs of one task never run at once: each job holds the task's lease ({@link TaskJob}); a
 * job that finds another run holding it throws {@link TaskBusy} so the job queue tries it again
 * later. A repair left {@code REPAIRING} by a node that died is taken over when its lease expires.
 * Each repair records its push, its check run, and each reply, so a retried job repeats none.
 */
public final class TaskRepairs {
  private static final Logger log = LoggerFactory.getLogger(TaskRepairs.class);
  static final String ATTEMPT_EVENT = "repair";
  /** Claims that are not about one commit (a review, a command) use this in place of a SHA. */
  public static final String NO_SHA = "-";

  private final TaskServices services;
  private final TaskPipeline pipeline;
  private final TaskJob job;
  private final RepairRound round;

  public TaskRepairs(TaskServices services) {
    this.services = services;
    this.pipeline = new TaskPipeline(services);
    this.job = new TaskJob(services);
    this.round = new RepairRound(services, pipeline);
  }

  /** Another run holds the task (one run per task at a time); the job queue retries later. */
  public static final class TaskBusy extends RuntimeException {
    TaskBusy(String taskId) {
      super("task " + taskId + " is held by another run; trying again later");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs
  // ---------------------------------------------------------------------------------------------

  /** Job: some checks failed on {@code headSha}, which ACS pushed. Re-run (infrastructure) or repair. */
  public void repairChecks(String taskId, int pr, String headSha) {
    Requester who = requesterOf(taskId, "check_suite", "completed");
    if (who == null) {
      return;
    }
    run(taskId, who, pr, run -> {
      if (!stillCurrent(run, pr, headSha)) {
        return;
      }
      RepoGitHub gh = run.github;
      boolean cancelledFails = run.config.repairCancelled();
      HeadChecks head = HeadChecks.of(gh.checkRunsForRef(headSha), HeadChecks.appSlugOf(gh.botLogin()), cancelledFails);
      if (head.verdict() != HeadChecks.Verdict.FAILING) {
        run.event("checks", "checks on " + shortSha(headSha) + " are " + head.verdict() + " now; nothing to repair", null);
        return;
      }
      FailedChecks failed = FailedChecks.read(gh, head.failing(), run.task().baseBranch(), cancelledFails);
      String base = run.task().baseBranch();
      if (failed.ours().isEmpty()) {
        gh.upsertComment(pr, "checks", "ℹ️ " + FailedChecks.names(failed.alsoOnBase()) + " also fail"
            + (failed.alsoOnBase().size() == 1 ? "s" : "") + " on the head of `" + base + "`, so this pull request did not break "
            + (failed.alsoOnBase().size() == 1 ? "it" : "them") + ". I am not changing code for "
            + (failed.alsoOnBase().size() == 1 ? "it" : "them") + "; fix `" + base + "` first, or comment `/acs fix <instructions>`.");
        run.event("checks", "failing on base too, not repaired: " + FailedChecks.names(failed.alsoOnBase()), null);
        return;
      }
      if (failed.onlyInfrastructure() && rerunOnce(run, pr, headSha, failed)) {
        return;
      }
      if (!run.store().claimRepair(run.task().repoFullName(), pr, headSha, taskId, "checks")
          && run.step("repaired:" + headSha).isPresent()) {
        run.event("checks", "checks on " + shortSha(headSha) + " were repaired already", null);
        return;
      }
      // Claimed but not recorded as done: the run that claimed it died; this run holds the lease and redoes it.
      run.set("last_failure", "failing checks: " + failed.describe());
      if (run.task().attempts() >= run.config.maxAttempts()) {
        giveUp(run, pr, failed, run.config.maxAttempts() + " repair attempt" + (run.config.maxAttempts() == 1 ? "" : "s")
            + " (the limit, `max_attempts` in `.github/acs.yml`) did not make the checks pass");
        return;
      }
      String leftAlone = failed.alsoOnBase().isEmpty() ? "" : "\n\n" + FailedChecks.names(failed.alsoOnBase())
          + " also fail on `" + base + "`; I left them alone.";
      Cycle.Outcome out = round.make(run, pr, failed.context(), "repair failing checks " + plainNames(failed), false, headSha, "checks:" + headSha);
      run.record("repaired:" + headSha, out == null ? "" : String.valueOf(out.headSha()));
      if (out == null) {
        return;
      }
      if (out.ok()) {
        run.github.upsertComment(pr, "repair", "🔧 Repair attempt " + run.task().attempts() + " of " + run.config.maxAttempts()
            + ": pushed " + shortSha(out.headSha()) + " for " + failed.describe() + ".\n\n" + TaskReports.quote(out.coding().summary())
            + "\n\n_Written by the model; the checks on the new commit will tell._" + leftAlone);
      } else if (out.unchanged()) {
        giveUp(run, pr, failed, "the model could not repair " + failed.describe() + ": " + TaskReports.oneLine(out.coding().summary()));
      }
    });
  }

  /** Job: take over a repair left REPAIRING that no run advances (see {@link ResumeUnattendedTasks}). */
  public void resume(String taskId) {
    Requester who = requesterOf(taskId, "check_suite", "completed");
    Task task = services.tasks().find(taskId).orElse(null);
    if (who == null || task == null || task.prNumber() == null) {
      return;
    }
    run(taskId, who, task.prNumber(), run -> run.event("lease", "an unattended repair was taken over; the task waits on its pull request", null));
  }

  /** Job: every check on {@code headSha} passed: gate, mark the draft ready for review, comment. */
  public void markReady(String taskId, int pr, String headSha) {
    Requester who = requesterOf(taskId, "check_suite", "completed");
    if (who == null) {
      return;
    }
    run(taskId, who, pr, run -> {
      if (!stillCurrent(run, pr, headSha)) {
        return;
      }
      RepoGitHub.PullRequestInfo info = run.github.pullRequest(pr).orElse(null);
      if (info == null || !"open".equals(info.state()) || !info.draft()) {
        run.event("ready", "pull request #" + pr + " is not an open draft; nothing to mark", null);
        return;
      }
      PolicyInput.Change change;
      try (Workspace ws = pipeline.checkout(run)) {
        change = changeOf(ws, run.task().baseBranch());
      }
      PolicyDecision d = run.ask(Gatekeeper.Ask.of("ready_for_review").withChange(change));
      if (!d.allow()) {
        run.github.upsertComment(pr, "ready", "All checks pass on " + shortSha(headSha) + ", but the policy does not let me mark this pull "
            + "request ready for review:\n\n" + TaskReports.decisionLine(d) + "\n\nA person can mark it ready.");
        run.event("ready", "ready_for_review denied", String.join("; ", d.deny()));
        return;
      }
      if (run.step("ready:" + headSha).isEmpty()) {
        run.github.markReadyForReview(pr);
        run.record("ready:" + headSha, "");
      }
      run.github.upsertComment(pr, "ready", "✅ All checks pass on " + shortSha(headSha) + ": I marked this pull request ready for review."
          + " Review comments get an answer commit; `/acs stop` stops me.");
      run.event("ready", "marked #" + pr + " ready for review at " + shortSha(headSha), null);
    });
  }

  /** Job: one repair commit for one review (all its comments), then a reply in each thread. */
  public void answerReview(String taskId, int pr, long reviewId, String reviewState, String reviewBody, String requester) {
    Requester who = Requester.fromJobArgument(requester);
    run(taskId, who, pr, run -> {
      // The review's event and its comments' events all lead here: one answer per review.
      if (!run.store().claimRepair(run.task().repoFullName(), pr, NO_SHA, taskId, "review:" + reviewId)
          && run.step("answered:review:" + reviewId).isPresent()) {
        return; // claimed and answered; a claim without the answer is a dead run's, redone here
      }
      if (!pullRequestOpen(run, pr)) {
        return;
      }
      String bot = run.github.botLogin();
      List<ReviewCommentInfo> comments = run.github.reviewComments(pr, reviewId).stream()
          .filter(c -> !"Bot".equals(c.authorType()) && !bot.equalsIgnoreCase(String.valueOf(c.author())))
          .toList();
      String body = reviewBody == null ? "" : reviewBody.strip();
      if (comments.isEmpty() && body.isEmpty()) {
        run.event("review", "review " + reviewId + " has nothing to answer", null);
        return;
      }
      String context = ReviewContext.of(who.login(), reviewState, body, comments);
      Cycle.Outcome out = round.make(run, pr, context, "address review by @" + who.login(), true, null, "review:" + reviewId);
      if (out == null) {
        run.record("answered:review:" + reviewId, "");
        return;
      }
      String summary = out.coding() == null ? "" : out.coding().summary();
      ReviewReport report = ReviewReport.parse(summary, comments.stream().map(ReviewCommentInfo::id).toList());
      answerThreads(run, pr, comments, report, out);
      if (comments.isEmpty() && run.record("review_note:" + reviewId, "")) {
        run.github.comment(pr, (out.ok() ? "Answered @" + who.login() + "'s review in " + shortSha(out.headSha()) + "."
            : "I made no change for @" + who.login() + "'s review.") + "\n\n" + TaskReports.quote(summary));
      }
      run.record("answered:review:" + reviewId, String.valueOf(out.headSha()));
    });
  }

  /** Job: {@code /acs fix [instructions]}: one repair commit following the instructions (or the failing checks). */
  public void fix(String taskId, int pr, String instructions, long commentId, String requester) {
    Requester who = Requester.fromJobArgument(requester);
    boolean[] done = {false};
    run(taskId, who, pr, run -> {
      if (!pullRequestOpen(run, pr)) {
        run.github.comment(pr, "This pull request is closed; `/acs fix` works on open ones.");
        return;
      }
      String context;
      if (instructions != null && !instructions.isBlank()) {
        context = "@" + who.login() + " asked on the pull request (`/acs fix`):\n" + instructions.strip();
      } else {
        String head = headOf(run, pr);
        HeadChecks checks = HeadChecks.of(run.github.checkRunsForRef(head), HeadChecks.appSlugOf(run.github.botLogin()),
            run.config.repairCancelled());
        if (checks.verdict() != HeadChecks.Verdict.FAILING) {
          run.github.comment(pr, "`/acs fix` without instructions repairs failing checks, and none fail on " + shortSha(head)
              + " (" + checks.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "). Tell me what to change: `/acs fix <instructions>`.");
          return;
        }
        context = FailedChecks.read(run.github, checks.failing(), run.task().baseBranch(), run.config.repairCancelled()).context();
      }
      Cycle.Outcome out = round.make(run, pr, context, "fix requested by @" + who.login(), true, null, "fix:" + commentId + ":" + java.util.Objects.hashCode(instructions));
      if (out == null || !run.record("fix_note:" + commentId + ":" + java.util.Objects.hashCode(instructions), String.valueOf(out.headSha()))) {
        done[0] = out != null && out.ok();
        return;
      }
      if (out.ok()) {
        run.github.comment(pr, "🔧 Pushed " + shortSha(out.headSha()) + " for @" + who.login() + "'s `/acs fix`.\n\n"
            + TaskReports.quote(out.coding().summary()) + "\n\n_Written by the model; review the diff._");
        done[0] = true;
      } else if (out.unchanged()) {
        run.github.comment(pr, "I made no change for @" + who.login() + "'s `/acs fix`: " + TaskReports.oneLine(out.coding().summary()));
      }
    });
    react(taskId, commentId, done[0] ? "rocket" : "confused");
  }

  /** Re-runs the failed jobs of each workflow run once; true when something was re-run. */
  private boolean rerunOnce(TaskRun run, int pr, String headSha, FailedChecks failed) {
    Set<Long> runIds = new LinkedHashSet<>();
    failed.ours().stream().filter(f -> f.workflowRunId() != null).forEach(f -> runIds.add(f.workflowRunId()));
    List<String> reasons = new ArrayList<>();
    for (Long id : runIds) {
      if (run.store().claimRepair(run.task().repoFullName(), pr, headSha, run.task().id(), "rerun:" + id)) {
        try {
          run.github.rerunFailedJobs(id);
          reasons.add("run " + id);
        } catch (GitHubException e) {
          // E.g. 403 when the App has Actions: read only. Then a repair is all ACS can do.
          run.event("rerun", "re-run of workflow run " + id + " refused: " + TaskReports.oneLine(e.getMessage())
              + (e.status() == 403 ? " (the App needs Actions: read & write to re-run jobs)" : ""), null);
        }
      }
    }
    if (reasons.isEmpty()) {
      return false;
    }
    String why = failed.ours().stream().filter(f -> f.report() != null).map(f -> f.report().reason()).findFirst().orElse("infrastructure");
    run.github.upsertComment(pr, "checks", "🔁 " + FailedChecks.names(failed.ours()) + " failed for a reason outside the code ("
        + TaskReports.oneLine(why) + "). I re-ran the failed jobs (" + String.join(", ", reasons)
        + ") once; I change code only if they fail again.");
    services.metrics().repair("rerun", "rerun");
    run.event("rerun", "re-ran failed jobs of " + String.join(", ", reasons) + ": " + TaskReports.oneLine(why), null);
    return true;
  }

  /** The attempts are used up (or the model could not repair): say what was tried and what still fails, end FAILED. */
  private void giveUp(TaskRun run, int pr, FailedChecks failed, String why) {
    StringBuilder sb = new StringBuilder("⛔ I stopped repairing this pull request: ").append(why).append(".\n\n");
    List<String> tried = run.store().events(run.task().id()).stream().filter(e -> ATTEMPT_EVENT.equals(e.kind()))
        .map(TaskEvent::summary).toList();
    if (!tried.isEmpty()) {
      sb.append("**What I tried:**\n");
      tried.forEach(t -> sb.append("- ").append(sanitize(t)).append('\n'));
      sb.append('\n');
    }
    sb.append("**What still fails:** ").append(failed.describe()).append(" on ").append(shortSha(run.task().headSha())).append(".\n\n");
    sb.append("A person takes over from here. Comment `/acs fix <instructions>` to have me try again.");
    run.github.upsertComment(pr, "repair", sb.toString());
    run.endAs(TaskState.FAILED, why);
    services.metrics().repair("checks", "given_up");
  }

  private void answerThreads(TaskRun run, int pr, List<ReviewCommentInfo> comments, ReviewReport report, Cycle.Outcome out) {
    // One reply per thread: a review may hold several comments of one thread.
    Map<Long, List<ReviewCommentInfo>> threads = new LinkedHashMap<>();
    for (ReviewCommentInfo c : comments) {
      threads.computeIfAbsent(c.inReplyTo() != null ? c.inReplyTo() : c.id(), k -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<Long, List<ReviewCommentInfo>> thread : threads.entrySet()) {
      boolean addressed = out.ok() && thread.getValue().stream().allMatch(c -> report.addressed(c.id()));
      String note = thread.getValue().stream().map(c -> report.of(c.id()).map(ReviewReport.Verdict::note).orElse(""))
          .filter(n -> !n.isBlank()).findFirst().orElse("");
      String reply;
      if (!out.ok()) {
        reply = "I made no change for this comment" + (out.unchanged() ? ": " + sanitize(TaskReports.oneLine(out.coding().summary())) : ".");
      } else if (addressed) {
        reply = "Addressed in " + out.headSha() + (note.isBlank() ? "." : ": " + sanitize(note));
      } else {
        reply = "Not (fully) addressed in " + out.headSha() + (note.isBlank() ? " (the model did not report this comment as addressed)." : ": " + sanitize(note));
      }
      try {
        if (run.step("reply:" + thread.getKey()).isEmpty()) {
          long replyId = run.github.replyToReviewComment(pr, thread.getKey(), reply);
          run.record("reply:" + thread.getKey(), Long.toString(replyId));
        }
        if (addressed && run.step("resolved:" + thread.getKey()).isEmpty()) {
          run.github.resolveThreadOf(pr, thread.getKey());
          run.record("resolved:" + thread.getKey(), "");
        }
      } catch (GitHubException e) {
        if (Faults.isTransient(e)) {
          throw e; // the job is retried; the replies recorded so far are not sent again
        }
        log.warn("could not answer review thread {} on {}#{}: {}", thread.getKey(), run.task().repoFullName(), pr, e.getMessage());
        run.event("review", "thread " + thread.getKey() + " not answered: " + e.getMessage(), null);
      }
    }
    run.event("review", threads.size() + " thread(s) answered, "
        + threads.keySet().stream().filter(id -> out.ok() && threads.get(id).stream().allMatch(c -> report.addressed(c.id()))).count()
        + " resolved", null);
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing
  // ---------------------------------------------------------------------------------------------

  /**
   * Runs the step in the task's job frame ({@link TaskJob}): one run per task (another repair
   * running → {@link TaskBusy}, retried later), transient faults retried, a permanent failure said
   * on the pull request and the task FAILED — unless the pull request was merged or closed
   * meanwhile: then the job ends quietly (people won).
   */
  private void run(String taskId, Requester asked, int pr, TaskPipeline.Step step) {
    Task task = services.tasks().find(taskId).orElse(null);
    if (task == null || task.state() == TaskState.STOPPED || task.state() == TaskState.DONE) {
      return;
    }
    job.run(taskId, asked, true, (github, t, cause) -> sayFailed(github, t, pr, cause), run -> {
      TaskState state = run.task().state();
      if (state == TaskState.STOPPED || state == TaskState.DONE) {
        return;
      }
      if (state == TaskState.REPAIRING) {
        round.takeOver(run, pr);
      }
      step.run(run);
    });
  }

  private static boolean sayFailed(RepoGitHub github, Task task, int pr, String cause) {
    RepoGitHub.PullRequestInfo info = github.pullRequest(pr).orElse(null);
    if (info == null || !"open".equals(info.state())) {
      return false; // merged or closed meanwhile: not a failure, and no comment on a finished pull request
    }
    github.upsertComment(pr, "error", "⚠️ ACS could not finish its work on this pull request: "
        + TaskReports.oneLine(cause) + "\n\nComment `/acs fix` to try again, or `/acs status` for details.");
    return true;
  }

  /**
   * The person CI-triggered work acts for: who started the task. Without one (a task from before
   * this was recorded) nothing is done, since the policy needs a person to hold to it.
   */
  private Requester requesterOf(String taskId, String event, String action) {
    Task task = services.tasks().find(taskId).orElse(null);
    if (task == null) {
      return null;
    }
    if (task.requestedBy() == null) {
      services.tasks().appendEvent(taskId, "checks", "no recorded requester; CI-triggered work needs a person, so none is done", null);
      return null;
    }
    return new Requester(task.requestedBy(), "User", null, event, action, null, false);
  }

  /** The SHA is still the head ACS pushed and the task waits on its pull request. */
  private static boolean stillCurrent(TaskRun run, int pr, String headSha) {
    Task t = run.task();
    if (t.state() != TaskState.PR_OPEN && t.state() != TaskState.REPAIRING) {
      run.event("checks", "task is " + t.state() + "; checks of " + shortSha(headSha) + " ignored", null);
      return false;
    }
    if (!headSha.equals(t.headSha()) || t.prNumber() == null || t.prNumber() != pr) {
      run.event("checks", "checks of " + shortSha(headSha) + " are not for ACS's head " + shortSha(t.headSha()) + "; ignored", null);
      return false;
    }
    String current = run.github.pullRequest(pr).map(RepoGitHub.PullRequestInfo::headSha).orElse(null);
    if (current != null && !current.equals(headSha)) {
      run.event("checks", "pull request #" + pr + " moved on to " + shortSha(current) + "; checks of " + shortSha(headSha) + " ignored", null);
      return false;
    }
    return true;
  }

  private static boolean pullRequestOpen(TaskRun run, int pr) {
    boolean open = run.github.pullRequest(pr).map(p -> "open".equals(p.state())).orElse(false);
    if (!open) {
      run.event("repair", "pull request #" + pr + " is not open; nothing done", null);
    }
    return open;
  }

  private static String headOf(TaskRun run, int pr) {
    String fromGitHub = run.github.pullRequest(pr).map(RepoGitHub.PullRequestInfo::headSha).orElse(null);
    return fromGitHub != null ? fromGitHub : run.task().headSha();
  }

  private static PolicyInput.Change changeOf(Workspace ws, String base) {
    ChangeSummary s = ws.changeSummary(base);
    return new PolicyInput.Change(ws.branch(), base, s.additions(), s.deletions(), s.files(),
        dev.acs.policy.TestIntegritySignals.of(s.diff()), s.diff());
  }

  private void react(String taskId, long commentId, String reaction) {
    if (commentId <= 0) {
      return;
    }
    services.tasks().find(taskId).ifPresent(t -> {
      try {
        services.github().forRepository(t.installationId(), t.repoFullName()).reactToIssueComment(commentId, reaction);
      } catch (GitHubException e) {
        log.warn("could not react {} to comment {}: {}", reaction, commentId, e.getMessage());
      }
    });
  }

  private static String plainNames(FailedChecks failed) {
    return String.join(", ", failed.ours().stream().map(FailedChecks.Failure::name).distinct().toList());
  }

  /** Model-written text inline in ACS's markdown: no HTML, no mentions. */
  static String sanitize(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replaceAll("@(?=\\w)", "@\u200b");
  }

  static String shortSha(String sha) {
    return sha == null ? "—" : sha.length() > 7 ? sha.substring(0, 7) : sha;
  }
}
