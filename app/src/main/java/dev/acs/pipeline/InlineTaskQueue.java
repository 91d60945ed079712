package dev.acs.pipeline;

/**
 * Runs started work at once, on the caller's thread: for the one-shot commands ({@code receive},
 * {@code action}, {@code demo}), where there is no job server and the command ends when the work
 * does.
 */
public final class InlineTaskQueue implements TaskQueue {
  private final TaskPipeline pipeline;

  public InlineTaskQueue(TaskPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void plan(String taskId, Requester who, boolean implementAfter) {
    pipeline.plan(taskId, who.toJobArgument(), implementAfter);
  }

  @Override
  public void implement(String taskId, Requester who) {
    pipeline.implement(taskId, who.toJobArgument());
  }

  @Override
  public int cancel(String taskId) {
    return 0; // nothing is queued: work runs as it is started
  }
}
