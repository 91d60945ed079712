package dev.acs.cli;

import dev.acs.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the exceptions a user can cause (bad configuration, missing files) into one readable
 * line and exit code 2 instead of a stack trace; anything else is a bug and keeps its trace.
 */
final class ClearErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    if (e instanceof ConfigException || e instanceof UserError) {
      cli.getErr().println("acs: " + e.getMessage());
      return 2;
    }
    cli.getErr().println("acs: unexpected error: " + e);
    e.printStackTrace(cli.getErr());
    return 1;
  }
}
