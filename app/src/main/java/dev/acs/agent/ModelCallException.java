package dev.acs.agent;

/**
 * A model call that failed for good: retries used up, or an error that retrying cannot fix, on
 * every configured provider. The message names the providers and what went wrong, with secrets
 * masked and provider bodies shortened.
 */
public final class ModelCallException extends RuntimeException {
  public ModelCallException(String message, Throwable cause) {
    super(message, cause);
  }

  public ModelCallException(String message) {
    super(message);
  }
}
