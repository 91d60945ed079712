package dev.acs.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a repository's test (or build, or lint) command in its working directory, the way the
 * agent's "run checks" tool and local mode need it: with a time limit, output bounded to
 * {@code maxOutputBytes} (first quarter and last three quarters kept), standard input closed,
 * and without ACS's own secrets in the environment. On timeout the whole process tree is ended
 * (SIGTERM, then SIGKILL after {@link #KILL_GRACE}); processes the command left running after it
 * exited are ended too, so a run leaves nothing behind. The tree is every process seen as a
 * descendant while the command ran; a process that detached before it was seen (a double fork
 * between two polls) can escape.
 */
public final class TestCommandRunner {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
  static final Duration KILL_GRACE = Duration.ofSeconds(3);
  private static final long POLL_MILLIS = 250;

  /** Environment variables never passed to a test command: ACS's and the runner's credentials. */
  static final Pattern SECRET_NAME =
      Pattern.compile("(?i)^(?:ACS_.*|GITHUB_APP_.*|.*(?:SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|CREDENTIAL).*)$");

  /** The outcome of one run. {@code exitCode} is 127 when the command could not be started. */
  public record Result(
      List<String> command, Path workDir, int exitCode, boolean timedOut, Duration elapsed, String output, long droppedBytes) {
    public boolean passed() {
      return !timedOut && exitCode == 0;
    }
  }

  private final Duration timeout;
  private final int maxOutputBytes;
  private final Map<String, String> environment;

  public TestCommandRunner(Duration timeout, int maxOutputBytes) {
    this(timeout, maxOutputBytes, System.getenv());
  }

  /** {@code environment}: the variables the command starts from, before secrets are removed. */
  public TestCommandRunner(Duration timeout, int maxOutputBytes, Map<String, String> environment) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    this.maxOutputBytes = maxOutputBytes;
    this.environment = childEnvironment(environment);
  }

  /** Runs {@code commandLine} through {@code sh -c}, as a configured test command is written. */
  public Result runShell(Path workDir, String commandLine) {
    return run(workDir, List.of("sh", "-c", commandLine));
  }

  public Result run(Path workDir, List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (!Files.isDirectory(workDir)) {
      throw new IllegalArgumentException("working directory " + workDir + " does not exist");
    }
    long started = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(environment);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      String message = "acs: could not start " + command.get(0) + ": " + e.getMessage() + "\n";
      return new Result(List.copyOf(command), workDir, 127, false, Duration.ofNanos(System.nanoTime() - started), message, 0);
    }
    BoundedOutput output = new BoundedOutput(maxOutputBytes);
    Thread reader = Thread.ofVirtual().name("acs-test-output").start(() -> copy(process.getInputStream(), output));
    closeQuietly(process);

    Set<ProcessHandle> tree = new LinkedHashSet<>();
    boolean timedOut = false;
    try {
      long deadline = started + timeout.toNanos();
      while (!process.waitFor(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
          TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(tree::add);
        if (System.nanoTime() >= deadline) {
          timedOut = true;
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    endTree(process, tree);
    try {
      reader.join(KILL_GRACE.toMillis());
      if (reader.isAlive()) {
        // Something outside the tree still holds the pipe; stop reading rather than hang.
        process.getInputStream().close();
        reader.join(KILL_GRACE.toMillis());
      }
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    int exit = process.isAlive() ? -1 : process.exitValue();
    String text = output.text();
    if (timedOut) {
      text += "\nacs: timed out after " + timeout.toSeconds() + " s; the command and its child processes were killed\n";
    }
    return new Result(List.copyOf(command), workDir, exit, timedOut, Duration.ofNanos(System.nanoTime() - started), text, output.dropped());
  }

  /** What failed in a run, read from its output; paths are made relative to the run's directory. */
  public static FailureReport explain(Result result) {
    FailureReport report = FailureExtractor.forCheckout(result.workDir()).extract(result.output());
    if (result.timedOut() && report.kind() != FailureKind.CODE) {
      return new FailureReport(report.tool(), FailureKind.UNKNOWN, "timed out: " + report.reason(), report.failingTests(),
          report.compileErrors(), report.lintErrors(), report.excerpt());
    }
    return report;
  }

  private static void endTree(Process process, Set<ProcessHandle> seen) {
    process.descendants().forEach(seen::add);
    // Parents before children: a shell whose child dies first would run its next command.
    List<ProcessHandle> all = new java.util.ArrayList<>();
    all.add(process.toHandle());
    all.addAll(seen);
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + KILL_GRACE.toNanos();
    for (ProcessHandle p : all) {
      long left = deadline - System.nanoTime();
      if (left > 0 && p.isAlive()) {
        try {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          // still running; killed below
        }
      }
    }
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void copy(InputStream in, BoundedOutput out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // the stream was closed: the process is gone or was abandoned
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // standard input already closed
    }
  }

  static Map<String, String> childEnvironment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>();
    base.forEach((k, v) -> {
      if (!SECRET_NAME.matcher(k).matches()) {
        env.put(k, v);
      }
    });
    // Test tools switch off watch modes and prompts under CI.
    env.putIfAbsent("CI", "true");
    return env;
  }
}
