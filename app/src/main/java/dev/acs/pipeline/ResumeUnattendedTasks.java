package dev.acs.pipeline;

import dev.acs.task.Jobs;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind the job queue's retries: a task left IMPLEMENTING or REPAIRING whose lease
 * expired and that nobody touched for a while (its job's retries ran out, or its node died and no
 * retry came) gets a job that takes it over and goes on from its last recorded step. Runs at start
 * and then every {@code every} on each node; the lease keeps the takeover to one run.
 */
public final class ResumeUnattendedTasks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResumeUnattendedTasks.class);

  private final TaskServices services;
  private final Jobs jobs;
  private final JobTaskQueue recorder;
  private PeriodicSweep timer;

  public ResumeUnattendedTasks(TaskServices services, Jobs jobs, JobTaskQueue recorder) {
    this.services = services;
    this.jobs = jobs;
    this.recorder = recorder;
  }

  /** Queues a takeover job for each unattended task; returns how many were queued. */
  public int sweep() {
    Duration quietFor = services.tasks().leaseLength().multipliedBy(2);
    int queued = 0;
    for (Task t : services.tasks().unattended(quietFor)) {
      String id = t.id();
      if (t.state() == TaskState.IMPLEMENTING) {
        recorder.record(id, "take over the implementation", jobs.enqueue((TaskPipeline p) -> p.resume(id)));
      } else {
        recorder.record(id, "take over the repair", jobs.enqueue((TaskRepairs r) -> r.resume(id)));
      }
      queued++;
    }
    if (queued > 0) {
      log.warn("{} task(s) that no run was advancing were queued to be taken over", queued);
    }
    return queued;
  }

  /** Sweeps now and then every {@code every}, on a daemon thread, until closed. */
  public ResumeUnattendedTasks startEvery(Duration every) {
    timer = new PeriodicSweep("acs-resume-unattended", "sweep for unattended tasks", every, this::sweep);
    return this;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.close();
    }
  }
}
