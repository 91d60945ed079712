package dev.acs.pipeline;

import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.PullRequestEvent;

/**
 * {@code pull_request.closed} on ACS's pull request: merged, the task is {@code DONE}; closed
 * without merging, it is {@code STOPPED}, whatever ACS was doing (a person's merge or close wins,
 * also over a FAILED task). Either way its queued work is cancelled. Until then the task stays
 * {@code PR_OPEN} (also after ACS marked the draft ready), so reviews keep getting answers.
 *
 * <p>The state moves first, the jobs are cancelled after: a job running at this moment (a repair
 * mid-model-call) finds the task ended when its cancel interrupts it, or at its next step, and
 * exits quietly, instead of failing the task and commenting "could not finish" on a merged pull
 * request.
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
    String why = (merged ? "pull request merged by @" : "pull request closed without merging by @") + event.sender().login();
    Task now = moveTo(services.tasks(), task.id(), next, why);
    int cancelled = queue.cancel(task.id());
    if (cancelled > 0) {
      services.tasks().appendEvent(task.id(), "pull_request", cancelled + " queued or running job(s) cancelled: " + why, null);
    }
    if (now.state() != next) {
      services.tasks().appendEvent(task.id(), "pull_request", why + " (task stays " + now.state() + ")", null);
    } else {
      TaskPipeline.completeCheckRun(services, now, next, why);
    }
  }

  /**
   * Moves the task to {@code next} unless it is there already or may not go there. A job may move
   * the task at the same moment (compare-and-set in the store): then the move is tried again from
   * the state the job left.
   */
  static Task moveTo(TaskStore tasks, String taskId, TaskState next, String why) {
    for (int tries = 0; ; tries++) {
      Task current = tasks.find(taskId).orElseThrow();
      if (current.state() == next || !current.state().canMoveTo(next)) {
        return current;
      }
      try {
        return tasks.transition(taskId, next, why);
      } catch (TaskStore.IllegalTransition lostRace) {
        if (tries >= 5) {
          throw lostRace; // the delivery is retried later
        }
      }
    }
  }
}
