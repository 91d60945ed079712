package dev.acs.workspace;

/** The git server refused the credentials (401/403): a missing, expired or under-privileged token. */
public final class GitAuthenticationException extends WorkspaceException {
  public GitAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
