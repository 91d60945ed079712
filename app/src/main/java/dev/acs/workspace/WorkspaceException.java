package dev.acs.workspace;

/**
 * A git operation that could not be done (not a repository, dirty tree, network, corrupt mirror).
 * The message is meant for people and never contains a token.
 */
public class WorkspaceException extends RuntimeException {
  public WorkspaceException(String message) {
    super(message);
  }

  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
