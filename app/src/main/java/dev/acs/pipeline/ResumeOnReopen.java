package dev.acs.pipeline;

import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PullRequestEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.reopened} (the issue still carrying ACS's label) and {@code pull_request.reopened}
 * on ACS's pull request: work that people stopped resumes, as if the issue were labeled again,
 * through the same permission check and policy gate. A stopped task whose pull request is open goes
 * back to {@code PR_OPEN} and its checks are looked at once (repair if they fail, ready if they
 * pass); one without an open pull request starts again ({@link StartTask#start}). Only a
 * {@code STOPPED} task resumes: FAILED and BLOCKED_BY_POLICY wait for {@code /acs implement}, and a
 * task at work is left alone.
 */
public final class ResumeOnReopen {
  private static final Logger log = LoggerFactory.getLogger(ResumeOnReopen.class);

  private final TaskServices services;
  private final StartTask start;
  private final RepairQueue repairs;
  private final GitHubReach reach;

  public ResumeOnReopen(TaskServices services, StartTask start, RepairQueue repairs, GitHubReach reach) {
    this.services = services;
    this.start = start;
    this.repairs = repairs;
    this.reach = reach;
  }

  public void onIssueReopened(IssuesEvent event, DeliveryContext delivery) {
    if (!reach.accepts(delivery) || event.issue().isPullRequest() || event.sender().isBot()) {
      return;
    }
    String repo = event.repository().fullName();
    Task task = services.tasks().findByIssue(repo, event.issue().number()).orElse(null);
    if (task == null || task.state() != TaskState.STOPPED) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    if (!event.issue().hasLabel(StopOnIssueClosed.labelOf(github))) {
      return; // the label was taken off too: reopening alone does not ask ACS to work
    }
    Requester who = new Requester(event.sender().login(), event.sender().type(), null, "issues", "reopened", null, false);
    boolean prOpen = task.prNumber() != null
        && github.pullRequest(task.prNumber()).map(p -> "open".equals(p.state())).orElse(false);
    if (!prOpen) {
      // StartTask checks permission and asks the gate itself, and says why not.
      start.start(github, delivery.installationId(), task.issueNumber(), event.issue().title(), who, true);
      return;
    }
    resumeAtPullRequest(github, task, who, "@" + who.login() + " reopened this issue", delivery.deliveryId());
  }

  public void onPullRequestReopened(PullRequestEvent event, DeliveryContext delivery) {
    if (!reach.accepts(delivery) || event.sender().isBot()) {
      return;
    }
    String repo = event.repository().fullName();
    Task task = services.tasks().findByPullRequest(repo, event.pullRequest().number()).orElse(null);
    if (task == null || task.state() != TaskState.STOPPED) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    Requester who = new Requester(event.sender().login(), event.sender().type(), null, "pull_request", "reopened", null, false);
    resumeAtPullRequest(github, task, who, "@" + who.login() + " reopened #" + task.prNumber(), delivery.deliveryId());
  }

  private void resumeAtPullRequest(RepoGitHub github, Task task, Requester asked, String because, String requestKey) {
    Requester who = asked.withPermission(github.permissionOf(asked.login()));
    if (!allowed(github, task, who)) {
      return;
    }
    Task now = EndTaskWithPullRequest.moveTo(services.tasks(), task.id(), TaskState.PR_OPEN, "resumed: " + because);
    if (now.state() != TaskState.PR_OPEN) {
      return;
    }
    // CI-triggered repairs act for the person who last asked (their permission is checked again then).
    now = services.tasks().set(task.id(), "requested_by", who.login());
    EvaluateHeadChecks.Outcome seen = EvaluateHeadChecks.evaluate(services, repairs, github, now, requestKey);
    github.upsertComment(task.issueNumber(), StopOnIssueClosed.COMMENT_KEY, "▶️ Resumed: " + because + ". I am working on #"
        + now.prNumber() + " again: " + seen.said() + ".");
    log.info("task {} on {}#{} resumed at PR_OPEN: {}", task.id(), task.repoFullName(), task.issueNumber(), because);
  }

  /** The same question as for a label or {@code /acs implement}: may this person set ACS to work? */
  private boolean allowed(RepoGitHub github, Task task, Requester who) {
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, task);
    if (d.allow()) {
      return true;
    }
    github.upsertComment(task.issueNumber(), "not-allowed", "Thanks, @" + who.login() + ", but I only resume work for people the"
        + " repository's policy allows (by default: write, maintain or admin permission), so the task stays stopped.");
    log.info("{} may not resume ACS on {}#{}: {}", who.login(), github.fullName(), task.issueNumber(), d.deny());
    return false;
  }
}
