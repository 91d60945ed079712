package dev.acs.pipeline;

import dev.acs.task.Task;
import dev.acs.task.TaskState;

/**
 * Stops a task for a person ({@code /acs stop}, the Stop button of the task page): the task moves
 * to STOPPED first, so a running job sees it at its next step and pushes nothing; then its ACS
 * check run is completed and its queued or running jobs are cancelled. The caller has asked the
 * policy gate already and tells the person.
 */
public final class StopTask {
  private final TaskServices services;
  private final TaskQueue queue;

  public StopTask(TaskServices services, TaskQueue queue) {
    this.services = services;
    this.queue = queue;
  }

  /** Stops a task that has not ended; returns how many queued or running jobs were cancelled. */
  public int stop(Task task, String login) {
    return stop(task, login, "");
  }

  /** As {@link #stop(Task, String)}, saying where the person asked ({@code " on the dashboard"}) in the task's record. */
  public int stop(Task task, String login, String where) {
    String why = "stopped by @" + login + where;
    services.tasks().transition(task.id(), TaskState.STOPPED, why);
    TaskPipeline.completeCheckRun(services, task, TaskState.STOPPED, why);
    return queue.cancel(task.id());
  }
}
