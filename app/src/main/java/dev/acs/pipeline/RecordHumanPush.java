package dev.acs.pipeline;

import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.PullRequestEvent;

/**
 * {@code pull_request.synchronize} by someone other than ACS on ACS's pull request: a person
 * pushed to the branch. Their commits win: ACS records the head they pushed, does not repair it
 * unless asked ({@code /acs fix}), and its own next push goes on top of theirs or not at all.
 */
public final class RecordHumanPush {
  private final TaskServices services;
  private final GitHubReach reach;

  public RecordHumanPush(TaskServices services) {
    this(services, GitHubReach.APP);
  }

  public RecordHumanPush(TaskServices services, GitHubReach reach) {
    this.services = services;
    this.reach = reach;
  }

  public void onSynchronize(PullRequestEvent event, DeliveryContext delivery) {
    if (!reach.accepts(delivery) || event.pullRequest().head() == null) {
      return;
    }
    String repo = event.repository().fullName();
    Task task = services.tasks().findByPullRequest(repo, event.pullRequest().number()).orElse(null);
    String sha = event.pullRequest().head().sha();
    if (task == null || sha == null || sha.equals(task.headSha())) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    String pusher = event.sender().login();
    if (pusher.equalsIgnoreCase(github.botLogin())) {
      return; // ACS's own push
    }
    services.tasks().set(task.id(), "human_head_sha", sha);
    services.tasks().set(task.id(), "human_pushed_by", pusher);
    services.tasks().appendEvent(task.id(), "human_push", "@" + pusher + " pushed " + TaskRepairs.shortSha(sha)
        + " to " + event.pullRequest().head().ref() + "; ACS will not repair it unless asked", sha);
  }
}
