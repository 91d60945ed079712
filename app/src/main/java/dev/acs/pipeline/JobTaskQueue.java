package dev.acs.pipeline;

import dev.acs.task.Jobs;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskStore;
import java.util.UUID;

/**
 * Started work as durable jobs (JobRunr on the task database): any node runs them, a restart
 * does not lose them. Each job's id is written to the task's audit trail so {@code /acs stop} can
 * find and cancel it.
 */
public final class JobTaskQueue implements TaskQueue {
  static final String JOB_EVENT = "job";

  private final Jobs jobs;
  private final TaskStore tasks;

  public JobTaskQueue(Jobs jobs, TaskStore tasks) {
    this.jobs = jobs;
    this.tasks = tasks;
  }

  @Override
  public void plan(String taskId, Requester who, boolean implementAfter) {
    String arg = who.toJobArgument();
    record(taskId, "plan", jobs.enqueue((TaskPipeline p) -> p.plan(taskId, arg, implementAfter)));
  }

  @Override
  public void implement(String taskId, Requester who) {
    String arg = who.toJobArgument();
    record(taskId, "implement", jobs.enqueue((TaskPipeline p) -> p.implement(taskId, arg)));
  }

  @Override
  public int cancel(String taskId) {
    int cancelled = 0;
    for (TaskEvent e : tasks.events(taskId)) {
      if (JOB_EVENT.equals(e.kind()) && e.detail() != null) {
        UUID id = UUID.fromString(e.detail());
        boolean active = jobs.state(id).map(s -> s.equals("ENQUEUED") || s.equals("SCHEDULED") || s.equals("PROCESSING")).orElse(false);
        if (active && jobs.delete(id, "stopped by /acs stop")) {
          cancelled++;
        }
      }
    }
    return cancelled;
  }

  /** Repair jobs (and any other kind) are recorded the same way, so stop finds them too. */
  public void record(String taskId, String what, UUID jobId) {
    tasks.appendEvent(taskId, JOB_EVENT, what + " queued as job " + jobId, jobId.toString());
  }
}
