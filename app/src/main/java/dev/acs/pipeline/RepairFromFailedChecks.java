package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.CheckRun;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.CheckSuite;
import dev.acs.webhook.event.CheckSuiteEvent;
import dev.acs.webhook.event.PullRequestRef;
import dev.acs.webhook.event.Repository;
import dev.acs.webhook.event.WorkflowRun;
import dev.acs.webhook.event.WorkflowRunEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check_suite.completed}, {@code check_run.completed} and {@code workflow_run.completed} on
 * the head of ACS's pull request: when every check there has finished, queue one repair if some
 * failed, or marking the draft ready if all passed. Each event is only a nudge to look at all
 * checks of the commit; however many arrive, the database lets one of them through per state of
 * the checks ({@link dev.acs.task.TaskStore#claimRepair}), and the repair job itself claims the
 * one repair of the commit.
 */
public final class RepairFromFailedChecks {
  private static final Logger log = LoggerFactory.getLogger(RepairFromFailedChecks.class);

  private final TaskServices services;
  private final RepairQueue queue;
  private final GitHubReach reach;

  public RepairFromFailedChecks(TaskServices services, RepairQueue queue) {
    this(services, queue, GitHubReach.APP);
  }

  public RepairFromFailedChecks(TaskServices services, RepairQueue queue, GitHubReach reach) {
    this.services = services;
    this.queue = queue;
    this.reach = reach;
  }

  public void onCheckSuite(CheckSuiteEvent event, DeliveryContext delivery) {
    CheckSuite s = event.checkSuite();
    look(event.repository(), delivery, s.headSha(), s.headBranch(), s.pullRequests(), s.app() == null ? null : s.app().slug(), null, s.conclusion());
  }

  public void onCheckRun(CheckRunEvent event, DeliveryContext delivery) {
    CheckRun r = event.checkRun();
    look(event.repository(), delivery, r.headSha(), r.checkSuite() == null ? null : r.checkSuite().headBranch(), r.pullRequests(),
        r.app() == null ? null : r.app().slug(), r.name(), r.conclusion());
  }

  public void onWorkflowRun(WorkflowRunEvent event, DeliveryContext delivery) {
    WorkflowRun w = event.workflowRun();
    look(event.repository(), delivery, w.headSha(), w.headBranch(), w.pullRequests(), FailedChecks.ACTIONS_APP, null, w.conclusion());
  }

  private void look(Repository repository, DeliveryContext delivery, String sha, String branch, List<PullRequestRef> prs,
      String appSlug, String checkName, String conclusion) {
    if (!reach.accepts(delivery)) {
      return;
    }
    Task task = taskOf(repository.fullName(), prs, branch).orElse(null);
    if (task == null || task.prNumber() == null) {
      return; // not ACS's pull request
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repository.fullName());
    String own = HeadChecks.appSlugOf(github.botLogin());
    if (own.equals(appSlug) && (checkName == null ? !FailedChecks.ACTIONS_APP.equals(own) : TaskPipeline.CHECK_NAME.equals(checkName))) {
      return; // ACS's own check run (or suite) says nothing about the code
    }
    RepoConfig config = RepoConfigFile.load(github).config();
    if (!config.enabled()) {
      return;
    }
    int pr = task.prNumber();
    if (!sha.equals(task.headSha())) {
      if (sha.equals(task.humanHeadSha()) && HeadChecks.failed(conclusion, config.repairCancelled())) {
        github.upsertComment(pr, "human-push", "Checks fail on " + TaskRepairs.shortSha(sha) + ", which "
            + (task.humanPushedBy() == null ? "someone else" : "@" + task.humanPushedBy()) + " pushed. I do not repair commits that people push"
            + " unless asked: comment `/acs fix` (optionally with instructions) to have me try.");
      }
      return;
    }
    if (task.state() != TaskState.PR_OPEN && task.state() != TaskState.REPAIRING) {
      return;
    }
    judge(repository.fullName(), github, own, config, task, pr, sha);
  }

  /**
   * Looks at the checks of the task's head once, as if their last event had just come: for a task
   * that reached PR_OPEN after (some of) its checks had completed.
   */
  void lookAt(Task task) {
    if (task.prNumber() == null || task.headSha() == null) {
      return;
    }
    RepoGitHub github = services.github().forRepository(task.installationId(), task.repoFullName());
    RepoConfig config = RepoConfigFile.load(github).config();
    if (!config.enabled()) {
      return;
    }
    judge(task.repoFullName(), github, HeadChecks.appSlugOf(github.botLogin()), config, task, task.prNumber(), task.headSha());
  }

  private void judge(String repo, RepoGitHub github, String own, RepoConfig config, Task task, int pr, String sha) {
    HeadChecks head = HeadChecks.of(github.checkRunsForRef(sha), own, config.repairCancelled());
    switch (head.verdict()) {
      case FAILING -> {
        // One look per set of failing runs: duplicates of an event find the same runs; a re-run makes new ones.
        String key = "eval:" + digest(head.failing().stream().map(r -> r.id() + "=" + r.conclusion()).sorted().toList());
        if (services.tasks().claimRepair(repo, pr, sha, task.id(), key)) {
          services.tasks().appendEvent(task.id(), "checks", head.failingNames() + " failed on " + TaskRepairs.shortSha(sha), null);
          queue.repairChecks(task.id(), pr, sha);
        }
      }
      case GREEN -> {
        if (services.tasks().claimRepair(repo, pr, sha, task.id(), "ready")) {
          services.tasks().appendEvent(task.id(), "checks", "all " + head.considered().size() + " check(s) pass on " + TaskRepairs.shortSha(sha), null);
          queue.markReady(task.id(), pr, sha);
        }
      }
      default -> log.debug("checks on {}@{} are {}: waiting", repo, sha, head.verdict());
    }
  }

  private Optional<Task> taskOf(String repo, List<PullRequestRef> prs, String branch) {
    for (PullRequestRef ref : prs) {
      Optional<Task> t = services.tasks().findByPullRequest(repo, ref.number());
      if (t.isPresent()) {
        return t;
      }
    }
    // Check events of forks and some apps carry no pull requests; ACS's branch names its task.
    return branch == null ? Optional.empty() : services.tasks().findByBranch(repo, branch);
  }

  static String digest(List<String> parts) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join(",", parts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
