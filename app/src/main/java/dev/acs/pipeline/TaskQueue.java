package dev.acs.pipeline;

/**
 * Where started work goes: durable jobs in {@code acs serve} (any node may run them), or straight
 * through in the one-shot commands ({@code receive}, {@code action}, {@code demo}).
 */
public interface TaskQueue {
  void plan(String taskId, Requester who, boolean implementAfter);

  void implement(String taskId, Requester who);

  /** Cancels queued work of the task; returns how many jobs were cancelled. */
  int cancel(String taskId);
}
