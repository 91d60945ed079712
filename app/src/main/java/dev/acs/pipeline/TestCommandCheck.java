package dev.acs.pipeline;

import dev.acs.agent.CheckRunner;
import dev.acs.checks.FailureExtractor;
import dev.acs.checks.TestCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The repository's own test command as a check, where it may run (a CI runner, a local
 * checkout): run in the working tree, a failure cut down to the excerpt a model can use
 * ({@link FailureExtractor}). Serves as the coder's {@code run_checks} and as the pipeline's own
 * test step.
 */
public final class TestCommandCheck implements CheckRunner {
  private final Path dir;
  private final String command;
  private final TestCommandRunner runner;

  public TestCommandCheck(Path dir, String command) {
    this(dir, command, new TestCommandRunner(TestCommandRunner.DEFAULT_TIMEOUT, TestCommandRunner.DEFAULT_MAX_OUTPUT_BYTES));
  }

  public TestCommandCheck(Path dir, String command, TestCommandRunner runner) {
    this.dir = dir;
    this.command = command;
    this.runner = runner;
  }

  /** One run: whether it passed, and what to show (the failure excerpt when it did not). */
  public record Outcome(boolean passed, String report, Duration elapsed) {}

  public Outcome runOnce() {
    TestCommandRunner.Result r = runner.runShell(dir, command);
    // Without a sandbox the check's output says so (and why), every time.
    String notice = r.notice().map(n -> "\n" + n).orElse("");
    if (r.passed()) {
      return new Outcome(true, "`" + command + "` passed." + notice, r.elapsed());
    }
    String excerpt = r.exitCode() == TestCommandRunner.REFUSED ? r.output() : FailureExtractor.forCheckout(dir).extract(r.output()).excerpt();
    String how = r.timedOut() ? "timed out after " + r.elapsed().toSeconds() + " s" : "failed (exit " + r.exitCode() + ")";
    return new Outcome(false, "`" + command + "` " + how + ":\n" + excerpt + notice, r.elapsed());
  }

  @Override
  public CheckResult run(List<String> changedFiles) {
    Outcome o = runOnce();
    return new CheckResult(o.passed(), o.report());
  }
}
