package dev.acs.pipeline;

import dev.acs.agent.Plan;
import dev.acs.agent.Planner;
import dev.acs.config.Json;
import dev.acs.context.RepositoryInstructions;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.workspace.AccessToken;
import dev.acs.workspace.BranchName;
import dev.acs.workspace.GitRemote;
import dev.acs.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACS's core job, from an issue to a draft pull request: plan, implement, validate, gate, push,
 * open the pull request. Each public method is one durable job run in a {@link TaskJob} frame
 * (one run per task at a time; transient faults retried, permanent ones end the task FAILED with
 * a comment).
 *
 * <p>The implementation is a resumable step machine: the pushed head (recorded before the push as
 * an intent, see {@link Cycle}), the ACS check run of that head, the pull request number and the
 * issue comments are each recorded before the next step starts, so a job that is retried or taken
 * over continues from the last recorded step and repeats no side effect.
 */
public final class TaskPipeline {
  private static final Logger log = LoggerFactory.getLogger(TaskPipeline.class);
  static final String CHECK_NAME = "ACS";

  private final TaskServices services;
  private final TaskJob job;
  private final RepairQueue checksQueue;
  private final boolean asks;

  public TaskPipeline(TaskServices services) {
    this(services, null);
  }

  /**
   * With {@code checksQueue}, the checks of the pull request's head are looked at once when the
   * task reaches PR_OPEN (checks that finished while ACS was publishing are not lost).
   */
  public TaskPipeline(TaskServices services, RepairQueue checksQueue) {
    this(services, checksQueue, false);
  }

  /**
   * With {@code asks}, the planner may ask the issue's people clarifying questions and the task
   * waits for their answer ({@link AskQuestions}): only where a later comment can reach this task
   * database ({@code acs serve}); the one-shot commands (the Action, {@code receive}, the demo)
   * end with the process, so their planner plans with what it has.
   */
  public TaskPipeline(TaskServices services, RepairQueue checksQueue, boolean asks) {
    this.services = services;
    this.job = new TaskJob(services);
    this.checksQueue = checksQueue;
    this.asks = asks;
  }

  /** Job: post a plan; then implement it unless {@code implement} is false or a person must approve. */
  public void plan(String taskId, String requester, boolean implement) {
    boolean ran = job.run(taskId, Requester.fromJobArgument(requester), false, TaskPipeline::sayFailed, run -> {
      TaskState state = run.task().state();
      if (state == TaskState.IMPLEMENTING) {
        resume(run); // a retried or taken-over job: the implementation had started
        return;
      }
      if (state != TaskState.NEW && state != TaskState.PLANNED && state != TaskState.WAITING_FOR_ANSWER) {
        run.event("job", "plan job found the task " + state + "; nothing to do", null);
        return;
      }
      Plan plan = makePlan(run, implement);
      if (plan == null || !planAllowed(run, plan)) {
        return;
      }
      if (implement) {
        implement(run, plan);
      }
    });
    if (ran) {
      lookAtChecksOnce(taskId);
    }
  }

  /** Job: implement the task's stored plan (after /acs approve), planning first if there is none. */
  public void implement(String taskId, String requester) {
    boolean ran = job.run(taskId, Requester.fromJobArgument(requester), false, TaskPipeline::sayFailed, run -> {
      TaskState state = run.task().state();
      if (state == TaskState.IMPLEMENTING) {
        resume(run);
        return;
      }
      if (state != TaskState.NEW && state != TaskState.PLANNED) {
        run.event("job", "implement job found the task " + state + "; nothing to do", null);
        return;
      }
      Plan plan = storedPlan(run.task()).orElse(null);
      if (plan == null) {
        plan = makePlan(run, true);
        if (plan == null || !planAllowed(run, plan)) {
          return;
        }
      }
      implement(run, plan);
    });
    if (ran) {
      lookAtChecksOnce(taskId);
    }
  }

  /**
   * Job: take over a task left IMPLEMENTING that no run advances (see {@link ResumeUnattendedTasks});
   * acts for the person who started it, whose permission is checked again.
   */
  public void resume(String taskId) {
    Task task = services.tasks().find(taskId).orElse(null);
    if (task == null || task.requestedBy() == null) {
      return;
    }
    Requester who = new Requester(task.requestedBy(), "User", null, "issues", "labeled", null, false);
    boolean ran = job.run(taskId, who, true, TaskPipeline::sayFailed, run -> {
      if (run.task().state() == TaskState.IMPLEMENTING) {
        resume(run);
      }
    });
    if (ran) {
      lookAtChecksOnce(taskId);
    }
  }

  /** The task was IMPLEMENTING when this job took it: continue from the last recorded step. */
  private void resume(TaskRun run) {
    run.event("resume", "resuming the implementation from its last recorded step", null);
    Plan plan = storedPlan(run.task()).orElse(null);
    if (plan == null) {
      plan = makePlan(run, true);
      if (plan == null) {
        return;
      }
    }
    implement(run, plan);
  }

  private static boolean sayFailed(RepoGitHub github, Task task, String cause) {
    github.upsertComment(task.issueNumber(), "error", "⚠️ ACS stopped working on this issue: " + TaskReports.oneLine(cause)
        + "\n\nComment `/acs implement` to try again (it starts afresh from the default branch), or `/acs status` for details.");
    return true;
  }

  private boolean planAllowed(TaskRun run, Plan plan) {
    PolicyDecision d = run.ask(Gatekeeper.Ask.of("plan").withPlan(plan.files()));
    if (!d.allow()) {
      run.blockedBy(d);
      return false;
    }
    if (d.requireApproval()) {
      run.record(ProgressReport.APPROVAL_ASKED, "");
      run.progress().activity(null);
      run.progress().milestone();
      run.event("plan", "waiting for approval", null);
      return false;
    }
    return true;
  }

  /** Plans (or asks the issue's people first: then null, the task waits for their answer). */
  private Plan makePlan(TaskRun run, boolean implement) {
    Task task = run.task();
    RepoGitHub.IssueInfo issue = run.github.issue(task.issueNumber());
    try (Workspace ws = checkout(run)) {
      ProgressReport progress = run.progress();
      progress.activity("planning: reading the issue and the code");
      RepositoryInstructions guidance = RepositoryConventions.instructions(ws, run.repo.defaultBranch(), run.config);
      Planner.Outcome out = run.agent.planOrAsk(new Planner.PlanRequest(ws.dir(), issue.title(), issue.body(), null, run.ledger, run.transcript,
          AskQuestions.earlier(run.store(), task), asks && task.state() != TaskState.IMPLEMENTING ? dev.acs.agent.Asker.LATER : null, guidance));
      run.saveSpend();
      if (run.task().state().ended()) {
        run.event("stop", "the task is " + run.task().state() + " now; the " + (out.plan() == null ? "questions are" : "plan is") + " not posted", null);
        return null;
      }
      if (out.plan() == null) {
        AskQuestions.ask(run, out.asked(), implement);
        return null;
      }
      Plan plan = out.plan();
      run.set("plan_json", Json.MAPPER.writeValueAsString(plan));
      progress.started();
      guidance.given().forEach(progress::following);
      progress.activity("implementing: starting");
      String body = progress.render();
      long commentId = run.github.upsertComment(task.issueNumber(), "plan", body);
      run.set("plan_comment_id", commentId);
      progress.posted(body);
      if (run.task().state() == TaskState.NEW || run.task().state() == TaskState.WAITING_FOR_ANSWER) {
        run.move(TaskState.PLANNED, "plan posted");
      }
      return plan;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void implement(TaskRun run, Plan plan) {
    if (run.task().state() != TaskState.IMPLEMENTING) {
      run.move(TaskState.IMPLEMENTING, "implementing the plan");
    }
    run.progress().activity("implementing: getting the code");
    RepoGitHub.IssueInfo issue = run.github.issue(run.task().issueNumber());
    try (Workspace ws = checkout(run)) {
      Cycle.Pushed pushed = ws.resumed() ? Cycle.recordedPush(run, ws.startedFrom()).orElse(null) : null;
      boolean resumed = pushed != null;
      if (resumed) {
        run.event("resume", "the branch is at " + TaskRepairs.shortSha(pushed.head()) + ", which this task pushed; not coding again", null);
      } else {
        Cycle.Outcome out = new Cycle(run, ws, plan, issue).makeChange(null);
        if (!out.ok()) {
          return;
        }
        pushed = Cycle.Pushed.of(out);
      }
      run.set("head_sha", pushed.head());
      run.progress().activity("opening the pull request");
      long checkRunId = checkRunFor(run, pushed.head(), resumed, CheckRunUpdate.inProgress("Opening the pull request", services.policyDescription()));
      PolicyDecision openPr = run.ask(Gatekeeper.Ask.of("open_pr").withChange(Cycle.change(ws, run.task().baseBranch()))
          .withFindings(pushed.findings()));
      if (!openPr.allow()) {
        run.github.updateCheckRun(checkRunId, CheckRunUpdate.completed("action_required", "Blocked by policy",
            TaskReports.decisionLine(openPr) + "\n\n" + services.policyDescription(), null, List.of()));
        run.record("check_run_done:" + checkRunId, "action_required");
        run.blockedBy(openPr);
        return;
      }
      PolicyDecision decisions = pushed.pushDecision().and(openPr);
      RepoGitHub.PullRequestInfo pr = pullRequest(run, ws.branch(), issue.title(),
          services.links().appendTo(TaskReports.pullRequestBody(run.task(), plan, run.progress().doneSteps(), pushed.summary(), pushed.validation(),
              decisions, run.ledger.spend(), services.policyDescription()), run.task()));
      run.github.upsertComment(run.task().issueNumber(), "pr", "I opened a " + (pr.draft() ? "draft " : "") + "pull request: #" + pr.number() + " (" + pr.url() + ").");
      run.github.updateCheckRun(checkRunId, CheckRunUpdate.completed(
          pushed.neutral() ? "neutral" : "success",
          "Draft pull request #" + pr.number() + " opened",
          pushed.validation() + "\n\n**Policy:** " + TaskReports.decisionLine(decisions) + "\n\n**Cost:** " + run.ledger.spend().summary()
              + "\n\n_" + services.policyDescription() + "_",
          null, pushed.annotations()));
      run.record("check_run_done:" + checkRunId, pushed.neutral() ? "neutral" : "success");
      run.move(TaskState.PR_OPEN, "pull request #" + pr.number() + " opened");
      run.progress().activity(null);
      run.progress().milestone();
    }
  }

  /**
   * The one ACS check run of {@code head}: the recorded one, else (when {@code resumed}) one that a
   * run which died before recording it made (found on GitHub by name and app), else a new one;
   * recorded before the next step.
   */
  long checkRunFor(TaskRun run, String head, boolean resumed, CheckRunUpdate first) {
    String key = "check_run:" + head;
    Long id = run.step(key).map(Long::valueOf).orElse(null);
    if (id == null) {
      String own = HeadChecks.appSlugOf(run.github.botLogin());
      Long made = !resumed ? null : run.github.checkRunsForRef(head).stream()
          .filter(c -> CHECK_NAME.equals(c.name()) && head.equals(c.headSha()) && own.equals(c.appSlug()))
          .map(RepoGitHub.CheckRunInfo::id).findFirst().orElse(null);
      String details = services.links().taskPage(run.task().id()).orElse(null);
      id = made != null ? made : details == null ? run.github.createCheckRun(CHECK_NAME, head, first)
          : run.github.createCheckRun(CHECK_NAME, head, first, details);
      run.record(key, Long.toString(id));
    }
    if (!id.equals(run.task().checkRunId())) {
      run.set("check_run_id", id);
    }
    return id;
  }

  /** The task's pull request: the recorded one, one open for the branch, else a new draft; recorded at once. */
  private RepoGitHub.PullRequestInfo pullRequest(TaskRun run, String branch, String title, String body) {
    Integer recorded = run.task().prNumber();
    RepoGitHub.PullRequestInfo pr = recorded == null ? null : run.github.pullRequest(recorded).orElse(null);
    if (pr == null) {
      pr = run.github.openPullRequestForBranch(branch)
          .orElseGet(() -> run.github.openDraftPullRequest(title, branch, run.task().baseBranch(), body));
      run.set("pr_number", pr.number());
    }
    return pr;
  }

  /**
   * Checks that completed while ACS was publishing (before PR_OPEN) sent their events to a task
   * that was not waiting for them: look at the head's checks once now.
   */
  private void lookAtChecksOnce(String taskId) {
    if (checksQueue == null) {
      return;
    }
    Task task = services.tasks().find(taskId).orElse(null);
    if (task == null || task.state() != TaskState.PR_OPEN || task.headSha() == null
        || !services.tasks().recordStep(taskId, task.runs(), "checks_at_pr_open:" + task.headSha(), "")) {
      return;
    }
    try {
      new RepairFromFailedChecks(services, checksQueue).lookAt(task);
    } catch (RuntimeException e) {
      // The checks' own events still come; this look is a safety net, not the work.
      log.warn("task {}: could not look at the checks of {}: {}", taskId, TaskRepairs.shortSha(task.headSha()), e.toString());
    }
  }

  /** A working tree for the task on its branch, from the mirror cache (or resumed). */
  Workspace checkout(TaskRun run) {
    Task task = run.task();
    // A task started again after it ended gets a fresh branch: the old one's commits stay out.
    String branch = task.branch() != null ? task.branch()
        : BranchName.forIssue(task.issueNumber(), task.title()) + (task.runs() > 0 ? "-" + (task.runs() + 1) : "");
    String base = task.baseBranch() != null ? task.baseBranch() : run.repo.defaultBranch();
    if (task.branch() == null) {
      run.set("branch", branch);
      run.set("base_branch", base);
    }
    GitRemote remote = GitRemote.of(run.repo.fullName(), services.cloneUrl(run.repo.fullName()));
    return services.workspaces().forTask(remote, AccessToken.of(run.github.fetchToken()), task.id(), branch, base);
  }

  /**
   * For endings decided outside a job (a merge, a close, {@code /acs stop}): completes the task's
   * ACS check run with the reason, unless it is completed already, so none is left in progress.
   */
  public static void completeCheckRun(TaskServices services, Task task, TaskState ending, String why) {
    RepoGitHub github = services.github().forRepository(task.installationId(), task.repoFullName());
    TaskJob.completeCheckRun(services.tasks(), github, task, ending, why);
    ProgressReport.ended(services.tasks(), github, task, services.links()); // the plan comment's final line
  }

  static Optional<Plan> storedPlan(Task task) {
    if (task.planJson() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(task.planJson(), Plan.class));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  static String safeMessage(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  @FunctionalInterface
  interface Step {
    void run(TaskRun run);
  }
}
