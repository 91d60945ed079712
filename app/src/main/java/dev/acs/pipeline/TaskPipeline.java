package dev.acs.pipeline;

import dev.acs.agent.BudgetExceededException;
import dev.acs.agent.ModelCallException;
import dev.acs.agent.Plan;
import dev.acs.agent.PlanningException;
import dev.acs.agent.Planner;
import dev.acs.config.Json;
import dev.acs.config.RepoConfigException;
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
 * open the pull request. Each public method is one durable job; it leaves the task in a clear
 * state and tells the people on the issue what happened, whatever goes wrong.
 */
public final class TaskPipeline {
  private static final Logger log = LoggerFactory.getLogger(TaskPipeline.class);
  static final String CHECK_NAME = "ACS";

  private final TaskServices services;

  public TaskPipeline(TaskServices services) {
    this.services = services;
  }

  /** Job: post a plan; then implement it unless {@code implement} is false or a person must approve. */
  public void plan(String taskId, String requester, boolean implement) {
    guarded(taskId, requester, run -> {
      Plan plan = makePlan(run);
      if (plan == null) {
        return;
      }
      PolicyDecision d = run.ask(Gatekeeper.Ask.of("plan").withPlan(plan.files()));
      if (!d.allow()) {
        run.blockedBy(d);
        return;
      }
      if (d.requireApproval()) {
        run.github.upsertComment(run.task().issueNumber(), "plan",
            TaskReports.planComment(plan, List.of(), "⏸️ The policy asks a person to approve this plan first: comment `/acs approve` to go on."));
        run.event("plan", "waiting for approval", null);
        return;
      }
      if (implement) {
        implement(run, plan);
      }
    });
  }

  /** Job: implement the task's stored plan (after /acs approve), planning first if there is none. */
  public void implement(String taskId, String requester) {
    guarded(taskId, requester, run -> {
      Plan plan = storedPlan(run.task()).orElse(null);
      if (plan == null) {
        plan = makePlan(run);
        if (plan == null) {
          return;
        }
      }
      implement(run, plan);
    });
  }

  private Plan makePlan(TaskRun run) {
    Task task = run.task();
    if (task.state() != TaskState.NEW && task.state() != TaskState.PLANNED) {
      run.move(TaskState.NEW, "planning again");
    }
    RepoGitHub.IssueInfo issue = run.github.issue(task.issueNumber());
    try (Workspace ws = checkout(run)) {
      Plan plan = run.agent.plan(new Planner.PlanRequest(ws.dir(), issue.title(), issue.body(), null, run.ledger, run.transcript));
      run.saveSpend();
      run.set("plan_json", Json.MAPPER.writeValueAsString(plan));
      long commentId = run.github.upsertComment(task.issueNumber(), "plan", TaskReports.planComment(plan, List.of(), null));
      run.set("plan_comment_id", commentId);
      if (run.task().state() != TaskState.PLANNED) {
        run.move(TaskState.PLANNED, "plan posted");
      }
      return plan;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void implement(TaskRun run, Plan plan) {
    run.move(TaskState.IMPLEMENTING, "implementing the plan");
    RepoGitHub.IssueInfo issue = run.github.issue(run.task().issueNumber());
    try (Workspace ws = checkout(run)) {
      Cycle cycle = new Cycle(run, ws, plan, issue);
      Cycle.Outcome out = cycle.makeChange(null);
      if (!out.ok()) {
        return;
      }
      PolicyDecision push = out.pushDecision();
      long checkRunId = run.github.createCheckRun(CHECK_NAME, out.headSha(),
          CheckRunUpdate.inProgress("Opening the pull request", services.policyDescription()));
      run.set("check_run_id", checkRunId);
      PolicyDecision openPr = run.ask(Gatekeeper.Ask.of("open_pr").withChange(out.change()).withFindings(out.findings()));
      if (!openPr.allow()) {
        run.github.updateCheckRun(checkRunId, CheckRunUpdate.completed("action_required", "Blocked by policy",
            TaskReports.decisionLine(openPr) + "\n\n" + services.policyDescription(), null, List.of()));
        run.blockedBy(openPr);
        return;
      }
      String body = TaskReports.pullRequestBody(run.task(), plan, out.coding().summary(), out.validation(), push.and(openPr),
          run.ledger.spend(), services.policyDescription());
      RepoGitHub.PullRequestInfo pr = run.github.openPullRequestForBranch(ws.branch())
          .orElseGet(() -> run.github.openDraftPullRequest(issue.title(), ws.branch(), run.task().baseBranch(), body));
      run.set("pr_number", pr.number());
      run.set("head_sha", out.headSha());
      run.github.upsertComment(run.task().issueNumber(), "pr", "I opened a " + (pr.draft() ? "draft " : "") + "pull request: #" + pr.number() + " (" + pr.url() + ").");
      run.github.upsertComment(run.task().issueNumber(), "plan", TaskReports.planComment(plan, TaskReports.allSteps(plan), "✅ Implemented in #" + pr.number() + "."));
      run.github.updateCheckRun(checkRunId, CheckRunUpdate.completed(
          out.analysis().findings().isEmpty() ? "success" : "neutral",
          "Draft pull request #" + pr.number() + " opened",
          out.validation() + "\n\n**Policy:** " + TaskReports.decisionLine(push.and(openPr)) + "\n\n**Cost:** " + run.ledger.spend().summary()
              + "\n\n_" + services.policyDescription() + "_",
          null, out.analysis().annotations()));
      run.move(TaskState.PR_OPEN, "pull request #" + pr.number() + " opened");
    }
  }

  /** A working tree for the task on its branch, from the mirror cache (or resumed). */
  Workspace checkout(TaskRun run) {
    Task task = run.task();
    String branch = task.branch() != null ? task.branch() : BranchName.forIssue(task.issueNumber(), task.title());
    String base = task.baseBranch() != null ? task.baseBranch() : run.repo.defaultBranch();
    if (task.branch() == null) {
      run.set("branch", branch);
      run.set("base_branch", base);
    }
    GitRemote remote = GitRemote.of(run.repo.fullName(), services.cloneUrl(run.repo.fullName()));
    return services.workspaces().forTask(remote, AccessToken.of(run.github.fetchToken()), task.id(), branch, base);
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

  /** Runs one job step; any failure ends the task FAILED with a comment, never a silent retry loop. */
  void guarded(String taskId, String requester, Step step) {
    TaskRun run;
    try {
      run = TaskRun.open(services, taskId, Requester.fromJobArgument(requester));
    } catch (RuntimeException e) {
      log.error("task {} could not start: {}", taskId, e.toString());
      services.tasks().find(taskId).ifPresent(t -> {
        services.tasks().appendEvent(taskId, "error", "could not start: " + e.getMessage(), null);
      });
      throw e; // nothing was done yet: let the job queue retry with backoff
    }
    try {
      if (run.task().state() == TaskState.STOPPED) {
        return;
      }
      step.run(run);
    } catch (RuntimeException e) {
      if (run.reload().state() == TaskState.STOPPED) {
        // Someone stopped the task meanwhile (/acs stop): the step ran into that, nothing failed.
        run.event("stop", "stopped while working: " + TaskReports.oneLine(safeMessage(e)), null);
        return;
      }
      if (expected(e)) {
        log.warn("task {} failed: {}", taskId, safeMessage(e)); // the model's or the repository's doing, not ACS's
      } else {
        log.error("task {} failed", taskId, e);
      }
      run.event("error", e.getClass().getSimpleName() + ": " + e.getMessage(), null);
      try {
        run.github.upsertComment(run.task().issueNumber(), "error",
            "⚠️ ACS stopped working on this issue: " + TaskReports.oneLine(safeMessage(e))
                + "\n\nComment `/acs implement` to try again, or `/acs status` for details.");
      } catch (RuntimeException commentFailed) {
        log.warn("could not comment on task {}: {}", taskId, commentFailed.toString());
      }
      run.endAs(TaskState.FAILED, safeMessage(e));
    } finally {
      run.saveSpend();
    }
  }

  private static boolean expected(RuntimeException e) {
    return e instanceof PlanningException || e instanceof BudgetExceededException || e instanceof ModelCallException
        || e instanceof RepoConfigException;
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
