package dev.acs.pipeline;

import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.CheckRun;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.PullRequestRef;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check_run.rerequested} on ACS's own check run: a person pressed "Re-run" on the {@code
 * ACS} check in GitHub's UI. GitHub sends this only to the App that made the run, and expects a new
 * run. ACS redoes the step the run reports on, for a person the policy lets command it:
 * <ul>
 *   <li>the task ended FAILED, BLOCKED_BY_POLICY or STOPPED: the task is retried, as {@code /acs
 *       implement} would ({@link StartTask#start});
 *   <li>the task waits on its pull request ({@code PR_OPEN}): the checks on its head are looked at
 *       again (repair if they fail, ready if they pass), and a new ACS run says what was found;
 *   <li>the task is at work or DONE: nothing, said in a new ACS run.
 * </ul>
 */
public final class RerunAcsCheck {
  private static final Logger log = LoggerFactory.getLogger(RerunAcsCheck.class);

  private final TaskServices services;
  private final StartTask start;
  private final RepairQueue repairs;
  private final GitHubReach reach;

  public RerunAcsCheck(TaskServices services, StartTask start, RepairQueue repairs, GitHubReach reach) {
    this.services = services;
    this.start = start;
    this.repairs = repairs;
    this.reach = reach;
  }

  public void onRerequested(CheckRunEvent event, DeliveryContext delivery) {
    CheckRun run = event.checkRun();
    if (!reach.accepts(delivery) || event.sender().isBot() || !TaskPipeline.CHECK_NAME.equals(run.name())) {
      return;
    }
    String repo = event.repository().fullName();
    Task task = taskOf(repo, run).orElse(null);
    if (task == null) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    String own = HeadChecks.appSlugOf(github.botLogin());
    if (run.app() != null && run.app().slug() != null && !own.equals(run.app().slug())) {
      return; // another App's check that happens to be called ACS
    }
    String login = event.sender().login();
    Requester who = new Requester(login, event.sender().type(), github.permissionOf(login), "check_run", "rerequested", null, false);
    String at = "@" + login + " asked to re-run the ACS check";
    boolean gated = false;
    if (task.state() == TaskState.STOPPED && task.prNumber() != null
        && github.pullRequest(task.prNumber()).map(p -> "open".equals(p.state())).orElse(false)) {
      if (!allowed(github, task, who)) {
        report(github, run.headSha(), "action_required", "Re-run not allowed",
            "@" + login + " may not command ACS here (by default: write, maintain or admin permission).");
        return;
      }
      // Stopped with its pull request still open: resume there, as reopening would, rather than start over.
      task = EndTaskWithPullRequest.moveTo(services.tasks(), task.id(), TaskState.PR_OPEN, "resumed: " + at);
      gated = true;
    }
    switch (task.state()) {
      case FAILED, BLOCKED_BY_POLICY, STOPPED -> {
        services.tasks().appendEvent(task.id(), "rerun", at + " of a " + task.state() + " task: retrying it", null);
        // StartTask checks permission and asks the gate itself, and says why not on the issue.
        start.start(github, delivery.installationId(), task.issueNumber(), task.title(), who, true);
      }
      case PR_OPEN -> {
        if (!gated && !allowed(github, task, who)) {
          report(github, run.headSha(), "action_required", "Re-run not allowed",
              "@" + login + " may not command ACS here (by default: write, maintain or admin permission).");
          return;
        }
        Task current = services.tasks().set(task.id(), "requested_by", login);
        EvaluateHeadChecks.Outcome seen = EvaluateHeadChecks.evaluate(services, repairs, github, current, delivery.deliveryId());
        services.tasks().appendEvent(task.id(), "rerun", at + ": " + seen.said(), null);
        long id = report(github, seen.sha() == null ? run.headSha() : seen.sha(), "neutral", "Checks looked at again",
            "At @" + login + "'s request: " + seen.said() + ".");
        if (seen.sha() != null && seen.sha().equals(current.headSha())) {
          services.tasks().set(task.id(), "check_run_id", id);
        }
      }
      default -> {
        services.tasks().appendEvent(task.id(), "rerun", at + "; the task is " + task.state() + ", nothing to re-run", null);
        report(github, run.headSha(), "neutral", "Nothing to re-run", "The task is `" + task.state() + "`"
            + (task.state() == TaskState.DONE ? ": its pull request was merged." : ": ACS is at work on it; this check will be updated."));
      }
    }
    log.info("{} re-requested the ACS check of task {} ({})", login, task.id(), task.state());
  }

  /** A new ACS run on the commit, completed: GitHub shows it in place of the re-requested one. */
  private long report(RepoGitHub github, String sha, String conclusion, String title, String summary) {
    return github.createCheckRun(TaskPipeline.CHECK_NAME, sha, CheckRunUpdate.completed(conclusion, title, summary, null, List.of()));
  }

  private Optional<Task> taskOf(String repo, CheckRun run) {
    for (PullRequestRef ref : run.pullRequests()) {
      Optional<Task> t = services.tasks().findByPullRequest(repo, ref.number());
      if (t.isPresent()) {
        return t;
      }
    }
    // The run's suite names the branch; an ended task's pull request may be gone from the event.
    return run.checkSuite() == null || run.checkSuite().headBranch() == null ? Optional.empty()
        : services.tasks().findByBranch(repo, run.checkSuite().headBranch());
  }

  private boolean allowed(RepoGitHub github, Task task, Requester who) {
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, task);
    if (!d.allow()) {
      log.info("{} may not re-run ACS's check on {}#{}: {}", who.login(), github.fullName(), task.issueNumber(), d.deny());
    }
    return d.allow();
  }
}
