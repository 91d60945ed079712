package dev.acs.agent;

/**
 * A model call that failed for good: retries used up, or an error that retrying cannot fix, on
 * every configured provider. The message names the providers and what went wrong, with secrets
 * masked and provider bodies shortened.
 *
 * <p>{@link #temporary()} says whether waiting could help: every provider failed with a rate limit,
 * an overload or server error, a timeout or a network error. The task's job then waits and
 * retries instead of ending the task.
 */
public final class ModelCallException extends RuntimeException {
  private final boolean temporary;

  public ModelCallException(String message, Throwable cause, boolean temporary) {
    super(message, cause);
    this.temporary = temporary;
  }

  public ModelCallException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public ModelCallException(String message) {
    this(message, null, false);
  }

  /** True when the failure may pass by itself (rate limit, 5xx, timeout, network). */
  public boolean temporary() {
    return temporary;
  }
}
