package dev.acs.pipeline;

import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.PullRequestEvent;

/**
 * {@code pull_request.closed} on ACS's pull request: merged, the task is {@code DONE}; closed
 * without merging, it is {@code STOPPED}. Either way its queued work is cancelled. Until then the
 * task stays {@code PR_OPEN} (also after ACS marked the draft ready), so reviews keep getting answers.
 */
public final class EndTaskWithPullRequest {
  private final TaskServices services;
  private final TaskQueue queue;

  public EndTaskWithPullRequest(TaskServices services, TaskQueue queue) {
    this.services = services;
    this.queue = queue;
  }

  public void onClosed(PullRequestEvent event, DeliveryContext delivery) {
    Task task = services.tasks().findByPullRequest(event.repository().fullName(), event.pullRequest().number()).orElse(null);
    if (task == null) {
      return;
    }
    boolean merged = Boolean.TRUE.equals(event.pullRequest().merged());
    TaskState next = merged ? TaskState.DONE : TaskState.STOPPED;
    int cancelled = queue.cancel(task.id());
    String why = (merged ? "pull request merged by @" : "pull request closed without merging by @") + event.sender().login()
        + (cancelled > 0 ? "; " + cancelled + " queued job(s) cancelled" : "");
    if (task.state().canMoveTo(next)) {
      services.tasks().transition(task.id(), next, why);
      TaskPipeline.completeCheckRun(services, task, next, why);
    } else {
      services.tasks().appendEvent(task.id(), "pull_request", why + " (task stays " + task.state() + ")", null);
    }
  }
}
