package dev.acs.cli;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.github.GitHubException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the exceptions a user can cause (bad configuration, missing files) into one readable
 * line and exit code 2 instead of a stack trace; a GitHub that cannot be reached or refuses
 * becomes what failed and what to check (exit 1). Anything else is a bug and keeps its trace.
 * {@code ACS_LOG_LEVEL=DEBUG} shows the trace in every case.
 */
final class ClearErrors implements IExecutionExceptionHandler {
  private final Env env;

  ClearErrors() {
    this(Env.system());
  }

  ClearErrors(Env env) {
    this.env = env;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    String level = env.get("ACS_LOG_LEVEL", "INFO");
    boolean debug = level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE");
    if (e instanceof ConfigException || e instanceof UserError) {
      cli.getErr().println("acs: " + e.getMessage());
      if (debug) {
        e.printStackTrace(cli.getErr());
      }
      return 2;
    }
    GitHubException github = gitHubCause(e);
    if (github != null) {
      cli.getErr().println("acs: " + github.getMessage());
      cli.getErr().println("acs: " + whatToCheck(github));
      if (debug) {
        e.printStackTrace(cli.getErr());
      } else {
        cli.getErr().println("acs: (ACS_LOG_LEVEL=DEBUG shows the stack trace)");
      }
      return 1;
    }
    cli.getErr().println("acs: unexpected error: " + e);
    e.printStackTrace(cli.getErr());
    return 1;
  }

  private static GitHubException gitHubCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof GitHubException g) {
        return g;
      }
    }
    return null;
  }

  /** The settings and conditions worth checking for a GitHub failure of this kind. */
  static String whatToCheck(GitHubException e) {
    return switch (e.status()) {
      case -1, 0 -> "check that this machine reaches GitHub (network, proxy: HTTPS_PROXY), and GITHUB_API_URL"
          + " (unset for github.com; https://HOST/api/v3 for GitHub Enterprise)";
      case 401 -> "check the credentials: GITHUB_TOKEN, or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY[_FILE] (of the same App)";
      case 403 -> "check the token's or App's permissions on the repository (docs/github-app.md), or wait out a rate limit";
      case 404 -> "check the repository name, and that the token can see it or the App is installed on it";
      case 429 -> "GitHub's rate limit: try again later";
      default -> e.status() >= 500 ? "GitHub had a problem: try again later (https://www.githubstatus.com)"
          : "see GitHub's message above";
    };
  }
}
