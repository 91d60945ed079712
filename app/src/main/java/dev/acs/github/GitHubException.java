package dev.acs.github;

/** A GitHub call that failed; {@code status} is the HTTP status, or -1 when none was received. */
public final class GitHubException extends RuntimeException {
  private final int status;

  public GitHubException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public boolean notFound() {
    return status == 404;
  }
}
