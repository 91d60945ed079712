package dev.acs.dashboard;

import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.Gatekeeper;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.StopTask;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskServices;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssuesEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.edited} on a repository's dashboard issue: each ticked box retries or stops its
 * task, for a person the repository's policy lets command ACS (the same gate as the {@code /acs}
 * commands: by default write, maintain or admin permission). Ticks by anyone else do nothing;
 * the dashboard is rewritten with its boxes clear and a note saying why. Either way the issue is
 * refreshed, so every box is clear again.
 */
public final class SteerFromDashboard {
  private static final Logger log = LoggerFactory.getLogger(SteerFromDashboard.class);

  private final TaskServices services;
  private final StartTask start;
  private final TaskQueue queue;
  private final RefreshDashboard dashboard;

  public SteerFromDashboard(TaskServices services, StartTask start, TaskQueue queue, RefreshDashboard dashboard) {
    this.services = services;
    this.start = start;
    this.queue = queue;
    this.dashboard = dashboard;
  }

  public void onEdited(IssuesEvent event, DeliveryContext delivery) {
    if (delivery.installationId() == null || event.sender().isBot() || event.issue().isPullRequest()
        || event.issue().body() == null || !event.issue().body().startsWith(DashboardBody.MARKER)) {
      return;
    }
    String repo = event.repository().fullName();
    int number = event.issue().number();
    if (dashboard.issueOf(repo).map(n -> n != number).orElse(true)) {
      return; // someone's copy of the marker, not ACS's dashboard
    }
    List<DashboardBody.Tick> ticks = DashboardBody.ticked(event.issue().body());
    if (ticks.isEmpty()) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    String login = event.sender().login();
    Requester who = new Requester(login, event.sender().type(), github.permissionOf(login), "issues", "edited", "implement", false);
    if (!allowed(github, who)) {
      log.info("{} ticked {} box(es) on the dashboard of {} without the permission to command ACS: undone", login, ticks.size(), repo);
      dashboard.note(repo, "@" + login + " ticked a box, but only people the repository's policy lets command ACS "
          + "(by default: write, maintain or admin permission) steer it here. The tick was undone; nothing was done.");
    } else {
      for (DashboardBody.Tick tick : ticks) {
        act(github, tick, who);
      }
    }
    dashboard.invalidate(repo, number);
    dashboard.request(repo, delivery.installationId());
  }

  private void act(RepoGitHub github, DashboardBody.Tick tick, Requester who) {
    Task task = services.tasks().find(tick.taskId()).orElse(null);
    if (task == null || !task.repoFullName().equalsIgnoreCase(github.fullName())) {
      return; // a box pasted from another repository's dashboard
    }
    switch (tick.action()) {
      case STOP -> stop(github, task, who);
      case RETRY -> {
        if (task.state().ended() && task.state() != TaskState.DONE) {
          start.start(github, task.installationId(), task.issueNumber(), task.title(), who, true);
        }
      }
      default -> throw new IllegalStateException("unknown dashboard action " + tick.action());
    }
  }

  /** As {@code /acs stop}: STOPPED first (a running job sees it at its next step), the check run completed, queued jobs cancelled. */
  private void stop(RepoGitHub github, Task task, Requester who) {
    if (task.state().ended()) {
      return;
    }
    int cancelled;
    try {
      cancelled = new StopTask(services, queue).stop(task, who.login(), " on the dashboard");
    } catch (dev.acs.task.TaskStore.IllegalTransition raced) {
      return; // it ended meanwhile
    }
    github.comment(task.issueNumber(), "⏹️ Stopped, as @" + who.login() + " asked on the dashboard"
        + (cancelled > 0 ? "; " + cancelled + " queued or running job(s) cancelled" : "")
        + ". Work in progress is not pushed. `/acs implement` here starts again.");
  }

  private boolean allowed(RepoGitHub github, Requester who) {
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, null);
    return d.allow();
  }
}
