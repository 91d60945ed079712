package dev.acs.agent;

import java.util.List;

/**
 * Runs the repository's checks (build, tests, linters) for the coder's {@code run_checks} tool. The
 * caller decides what that means: a test command in a CI runner, PMD alone on a server.
 */
@FunctionalInterface
public interface CheckRunner {
  /**
   * @param changedFiles paths (relative, {@code /}) the agent changed so far, for runners that only
   *     look at those
   * @return pass or fail and an excerpt of the output (the failure, not the whole log)
   * @throws Exception on a runner failure; the model is told the checks could not run
   */
  CheckResult run(List<String> changedFiles) throws Exception;

  /** Outcome of one check run. {@code output} is shown to the model, so keep it to the point. */
  record CheckResult(boolean passed, String output) {}
}
