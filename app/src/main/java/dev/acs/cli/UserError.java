package dev.acs.cli;

/** A mistake in how a command was called (missing file, bad argument); shown without a trace. */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
