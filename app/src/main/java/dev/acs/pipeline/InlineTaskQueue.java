package dev.acs.pipeline;

import dev.acs.task.TransientFault;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs started work at once, on the caller's thread: for the one-shot commands ({@code receive},
 * {@code action}, {@code demo}), where there is no job server and the command ends when the work
 * does.
 */
public final class InlineTaskQueue implements TaskQueue {
  private static final Logger LOG = LoggerFactory.getLogger(InlineTaskQueue.class);
  static final int RETRIES = 4;

  private final TaskPipeline pipeline;

  public InlineTaskQueue(TaskPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void plan(String taskId, Requester who, boolean implementAfter) {
    withRetries(() -> pipeline.plan(taskId, who.toJobArgument(), implementAfter));
  }

  @Override
  public void implement(String taskId, Requester who) {
    withRetries(() -> pipeline.implement(taskId, who.toJobArgument()));
  }

  /**
   * What a job queue would do with a transient fault (GitHub 5xx, every model provider
   * rate-limited): wait 3ⁿ seconds and run the job again, which goes on from its last recorded
   * step. After {@link #RETRIES} waits (about two minutes) the fault is the command's error.
   */
  static void withRetries(Runnable job) {
    for (int attempt = 1; ; attempt++) {
      try {
        job.run();
        return;
      } catch (TransientFault fault) {
        if (fault.interrupted() || attempt > RETRIES) {
          throw fault;
        }
        LOG.warn("transient fault ({}); trying again in {} s", fault.getMessage(), (long) Math.pow(3, attempt));
        try {
          Thread.sleep(Duration.ofSeconds((long) Math.pow(3, attempt)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw fault;
        }
      }
    }
  }

  @Override
  public int cancel(String taskId) {
    return 0; // nothing is queued: work runs as it is started
  }
}
