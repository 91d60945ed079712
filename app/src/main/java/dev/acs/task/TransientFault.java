package dev.acs.task;

/**
 * A task's job met a fault that should pass (GitHub 5xx or rate limit, network, every model
 * provider temporarily failing, the database restarting) or was interrupted (the node is stopping):
 * it recorded where it got to and ends by throwing this, so that the job queue runs it again with
 * backoff, on this node or another. Never an ending of the task.
 */
public final class TransientFault extends RuntimeException {
  private final boolean interrupted;

  public TransientFault(String message, Throwable cause, boolean interrupted) {
    super(message, cause);
    this.interrupted = interrupted;
  }

  /** The job was interrupted (SIGTERM, redeploy, {@code /acs stop} cancelling it), not faulted. */
  public boolean interrupted() {
    return interrupted;
  }
}
