package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssuesEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.closed}, and {@code issues.unlabeled} of ACS's label: a person no longer wants the
 * work, so it stops. The task moves to {@code STOPPED} first (a running job sees it at its next step
 * and pushes nothing more), then its queued jobs are cancelled, then one comment on the issue says
 * so (edited, not repeated, when it happens again). A draft pull request ACS opened stays open for
 * people to read or take over. Reopening or labeling the issue again resumes ({@link ResumeOnReopen},
 * {@link StartTask}).
 *
 * <p>An issue that a merged pull request closed is left to {@link EndTaskWithPullRequest}: the
 * two events come in no set order, and the merge means DONE, not stopped.
 */
public final class StopOnIssueClosed {
  private static final Logger log = LoggerFactory.getLogger(StopOnIssueClosed.class);
  static final String COMMENT_KEY = "stopped";

  private final TaskServices services;
  private final TaskQueue queue;
  private final GitHubReach reach;

  public StopOnIssueClosed(TaskServices services, TaskQueue queue, GitHubReach reach) {
    this.services = services;
    this.queue = queue;
    this.reach = reach;
  }

  public void onClosed(IssuesEvent event, DeliveryContext delivery) {
    if (!reach.accepts(delivery) || event.issue().isPullRequest()) {
      return;
    }
    Task task = services.tasks().findByIssue(event.repository().fullName(), event.issue().number()).orElse(null);
    if (task == null || task.state().ended()) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), event.repository().fullName());
    if (task.prNumber() != null && github.pullRequest(task.prNumber()).map(p -> !"open".equals(p.state())).orElse(false)) {
      return; // closed by ACS's pull request being merged (or closed): that event ends the task
    }
    stop(github, task, "@" + event.sender().login() + " closed this issue", "Reopen the issue to have me resume.");
  }

  public void onUnlabeled(IssuesEvent event, DeliveryContext delivery) {
    if (!reach.accepts(delivery) || event.label() == null || event.issue().isPullRequest() || event.sender().isBot()) {
      return;
    }
    Task task = services.tasks().findByIssue(event.repository().fullName(), event.issue().number()).orElse(null);
    if (task == null || task.state().ended()) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), event.repository().fullName());
    if (!labelOf(github).equalsIgnoreCase(event.label().name())) {
      return;
    }
    stop(github, task, "@" + event.sender().login() + " removed the `" + event.label().name() + "` label",
        "Add the label again to have me resume.");
  }

  private void stop(RepoGitHub github, Task task, String because, String howToResume) {
    Task now = EndTaskWithPullRequest.moveTo(services.tasks(), task.id(), TaskState.STOPPED, "stopped: " + because.replace("`", ""));
    if (now.state() != TaskState.STOPPED) {
      return; // ended meanwhile (merged, failed): nothing left to stop
    }
    int cancelled = queue.cancel(task.id());
    String pr = now.prNumber() == null ? "" : " The draft pull request #" + now.prNumber() + " stays open; close it if you do not want it.";
    github.upsertComment(task.issueNumber(), COMMENT_KEY, "⏹️ I stopped working on this issue: " + because
        + (cancelled > 0 ? " (" + cancelled + " queued or running job(s) cancelled)" : "") + ". Work in progress is not pushed."
        + pr + " " + howToResume);
    ProgressReport.ended(services.tasks(), github, now, services.links()); // the plan comment's final line
    log.info("task {} on {}#{} stopped: {}", task.id(), task.repoFullName(), task.issueNumber(), because);
  }

  /** ACS's label in this repository; with a broken settings file, the default one (the stop must not wait on a fix). */
  static String labelOf(RepoGitHub github) {
    try {
      return RepoConfigFile.load(github).config().label();
    } catch (RepoConfigException e) {
      return RepoConfig.defaults().label();
    }
  }
}
