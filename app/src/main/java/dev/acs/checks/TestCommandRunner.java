package dev.acs.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a repository's test (or build, or lint) command in its working directory, the way the
 * agent's "run checks" tool and local mode need it: with a time limit, output bounded to
 * {@code maxOutputBytes} (first quarter and last three quarters kept), standard input closed,
 * and without ACS's own secrets in the environment, nor in the environment of ACS's process above
 * it ({@link OwnEnvironment}), in a {@link Sandbox} where the machine allows it. On timeout the whole process tree is ended
 * (SIGTERM, then SIGKILL after {@link #KILL_GRACE}); processes the command left running after it
 * exited are ended too, so a run leaves nothing behind. The tree is every process seen as a
 * descendant while the command ran; a process that detached before it was seen (a double fork
 * between two polls) can escape.
 */
public final class TestCommandRunner {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
  /** The exit code of a run ACS refused to start (no sandbox where one is required, secrets it could not clear). */
  public static final int REFUSED = 126;
  static final Duration KILL_GRACE = Duration.ofSeconds(3);
  private static final long POLL_MILLIS = 250;

  /** Environment variables never passed to a test command: ACS's and the runner's credentials. */
  static final Pattern SECRET_NAME =
      Pattern.compile("(?i)^(?:ACS_.*|GITHUB_APP_.*|.*(?:SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|CREDENTIAL).*)$");
  /** Of those, the ones that are credentials whoever sets them (ACS_PORT in a parent shell is not). */
  static final Pattern CREDENTIAL_NAME =
      Pattern.compile("(?i)^(?:ACS_WEBHOOK_SECRET|ACS_DATABASE_URL|GITHUB_APP_PRIVATE_KEY|.*(?:SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|CREDENTIAL).*)$");
  /**
   * Also kept from a test command: the files through which an Actions step changes the steps after
   * it (GITHUB_ENV could set LD_PRELOAD or BASH_ENV for a later step that holds secrets).
   */
  static final Set<String> RUNNER_COMMAND_FILES = Set.of("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_STATE",
      "GITHUB_STEP_SUMMARY");
  private static final Logger log = LoggerFactory.getLogger(TestCommandRunner.class);
  /** Saying once per process that test commands are not sandboxed is enough for the log. */
  private static final AtomicBoolean TOLD_UNSANDBOXED = new AtomicBoolean();

  /**
   * The outcome of one run. {@code exitCode} is 127 when the command could not be started, 126 when
   * ACS refused to start it (see {@code output}). {@code notice}: why it ran without the sandbox
   * (empty when sandboxed), for the check's output.
   */
  public record Result(
      List<String> command, Path workDir, int exitCode, boolean timedOut, Duration elapsed, String output, long droppedBytes,
      Optional<String> notice) {
    public boolean passed() {
      return !timedOut && exitCode == 0;
    }
  }

  private final Duration timeout;
  private final int maxOutputBytes;
  private final Map<String, String> environment;
  private final Sandbox sandbox;

  public TestCommandRunner(Duration timeout, int maxOutputBytes) {
    this(timeout, maxOutputBytes, System.getenv());
  }

  /**
   * {@code environment}: the variables the command starts from, before secrets are removed; also
   * configures the {@link Sandbox} ({@code ACS_SANDBOX}...).
   */
  public TestCommandRunner(Duration timeout, int maxOutputBytes, Map<String, String> environment) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    this.maxOutputBytes = maxOutputBytes;
    this.environment = childEnvironment(environment);
    this.sandbox = Sandbox.fromEnv(environment);
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
    Sandbox.Plan plan = sandbox.plan(workDir, command);
    Optional<String> notice = plan.notice();
    if (!plan.isolated()) {
      Optional<String> refusal = plan.refused() ? notice : ownSecretsLeft();
      if (refusal.isPresent()) {
        String message = "acs: refused to run " + command.get(0) + ": " + refusal.get() + "\n";
        return new Result(List.copyOf(command), workDir, REFUSED, false, Duration.ofNanos(System.nanoTime() - started), message, 0, notice);
      }
      notice = Optional.of(unsandboxedNotice(notice.orElse("no sandbox")));
    }
    if (plan.isolated() && !startable(workDir, command.get(0))) {
      // bwrap would say so with its own exit code (1); keep 127, as for a plain start.
      String message = "acs: could not start " + command.get(0) + ": not found or not executable\n";
      return new Result(List.copyOf(command), workDir, 127, false, Duration.ofNanos(System.nanoTime() - started), message, 0, notice);
    }
    // Without the sandbox the command can write the git settings ACS's own git operations obey.
    GitControlFiles gitFiles = plan.isolated() ? null : GitControlFiles.take(workDir, environment);
    ProcessBuilder pb = new ProcessBuilder(plan.command()).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(environment);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      String message = "acs: could not start " + command.get(0) + ": " + e.getMessage() + "\n";
      return new Result(List.copyOf(command), workDir, 127, false, Duration.ofNanos(System.nanoTime() - started), message, 0, notice);
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
    List<Path> restored = gitFiles == null ? List.of() : gitFiles.restore();
    if (!restored.isEmpty()) {
      log.warn("The test command in {} changed git settings ACS's own git operations obey; put back: {}", workDir, restored);
      text += "\nacs: the test command changed " + restored + " (git settings and hooks ACS's own git operations would obey); ACS put them back\n";
    }
    if (timedOut) {
      text += "\nacs: timed out after " + timeout.toSeconds() + " s; the command and its child processes were killed\n";
    }
    return new Result(List.copyOf(command), workDir, exit, timedOut, Duration.ofNanos(System.nanoTime() - started), text, output.dropped(),
        notice);
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
    List<ProcessHandle> all = new ArrayList<>();
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

  private boolean startable(Path workDir, String program) {
    if (program.contains("/")) {
      return Files.isExecutable(workDir.resolve(program));
    }
    String path = environment.getOrDefault("PATH", System.getenv("PATH"));
    return path == null || Sandbox.onPath(program, path).isPresent();
  }

  /** Whether ACS keeps a variable of this name from test commands, and from its own environment block. */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /**
   * Without a sandbox, the command could read ACS's /proc/self/environ: clear it (a no-op when
   * {@code acs} already did at start) and refuse when a secret is still there.
   */
  private static Optional<String> ownSecretsLeft() {
    OwnEnvironment.Outcome cleared = OwnEnvironment.clearSecrets();
    if (cleared.ok()) {
      return Optional.empty();
    }
    try {
      List<String> left = OwnEnvironment.secretsIn(Files.readAllBytes(Path.of("/proc/self/environ")));
      return left.isEmpty() ? Optional.empty()
          : Optional.of("there is no sandbox and ACS could not clear " + String.join(", ", left) + " from its own environment ("
              + cleared.problem().orElse("") + "); install bubblewrap or start ACS without them in its environment");
    } catch (IOException e) {
      return Optional.empty(); // no /proc to read them from
    }
  }

  private static String unsandboxedNotice(String why) {
    List<String> above = credentialsAbove();
    String text = "acs: the test command ran without a sandbox (" + why + "): it could read and write what ACS's user can;"
        + " ACS's secrets are not in its environment nor in ACS's"
        + (above.isEmpty() ? "" : ", but processes that started ACS hold some in theirs: " + String.join("; ", above))
        + ". See docs/security.md.";
    if (TOLD_UNSANDBOXED.compareAndSet(false, true)) {
      log.warn("Test commands run without a sandbox: {}. ACS's secrets are kept out of their reach (environment cleared){};"
          + " install bubblewrap for a PID and mount namespace (docs/security.md)", why,
          above.isEmpty() ? "" : "; processes that started ACS hold " + String.join("; ", above));
    }
    return text;
  }

  /** Names (never values) of credentials in the environment of the processes above ACS, as a test command could read them. */
  static List<String> credentialsAbove() {
    List<String> found = new ArrayList<>();
    Optional<ProcessHandle> p = ProcessHandle.current().parent();
    for (int depth = 0; p.isPresent() && depth < 32; depth++, p = p.get().parent()) {
      long pid = p.get().pid();
      try {
        List<String> names = OwnEnvironment.secretsIn(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).stream()
            .filter(n -> CREDENTIAL_NAME.matcher(n).matches()).toList();
        if (!names.isEmpty()) {
          found.add("pid " + pid + " (" + p.get().info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?") + "): "
              + String.join(", ", names));
        }
      } catch (IOException | SecurityException e) {
        // not readable by ACS, so not by the command either
      }
    }
    return found;
  }

  static Map<String, String> childEnvironment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>();
    base.forEach((k, v) -> {
      if (!isSecretName(k) && !RUNNER_COMMAND_FILES.contains(k)) {
        env.put(k, v);
      }
    });
    // Test tools switch off watch modes and prompts under CI.
    env.putIfAbsent("CI", "true");
    return env;
  }
}
