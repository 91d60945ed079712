package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real processes through sh; the machine running the tests has a POSIX shell and a JDK. */
class TestCommandRunnerTest {
  @TempDir Path dir;

  private final TestCommandRunner runner = new TestCommandRunner(Duration.ofSeconds(30), 64 * 1024, Map.of("PATH", System.getenv("PATH")));

  @Test
  void capturesStdoutAndStderrAndTheExitCode() {
    TestCommandRunner.Result r = runner.runShell(dir, "echo out; echo err >&2; exit 3");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.passed()).isFalse();
    assertThat(r.output()).contains("out\n").contains("err\n");
  }

  @Test
  void passesOnExitZeroInTheWorkingDirectory() throws Exception {
    Files.writeString(dir.resolve("marker.txt"), "here");

    TestCommandRunner.Result r = runner.runShell(dir, "cat marker.txt");

    assertThat(r.passed()).isTrue();
    assertThat(r.output()).isEqualTo("here");
  }

  @Test
  void standardInputIsClosedSoPromptsDoNotHang() {
    TestCommandRunner.Result r = runner.runShell(dir, "read answer; echo \"got:$answer:\"");

    assertThat(r.output()).isEqualTo("got::\n");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void timeoutKillsTheCommandAndItsChildren() throws Exception {
    // Unsandboxed: $! must be a pid of this machine's namespace to be looked up below.
    TestCommandRunner quick = new TestCommandRunner(Duration.ofSeconds(1), 64 * 1024, Map.of("PATH", System.getenv("PATH"), "ACS_SANDBOX", "off"));

    TestCommandRunner.Result r = quick.runShell(dir, "sleep 60 & echo $! > child.pid; echo started; wait; echo never");

    assertThat(r.timedOut()).isTrue();
    assertThat(r.passed()).isFalse();
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    assertThat(r.output()).startsWith("started\n").doesNotContain("never").contains("acs: timed out after 1 s");
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("background sleep %d", child).isFalse();
  }

  @Test
  void processesLeftBehindAfterExitAreEnded() throws Exception {
    // The background sleep outlives sh; it must be seen (sleep a little) and then ended.
    TestCommandRunner unsandboxed = new TestCommandRunner(Duration.ofSeconds(30), 64 * 1024, Map.of("PATH", System.getenv("PATH"), "ACS_SANDBOX", "off"));
    TestCommandRunner.Result r = unsandboxed.runShell(dir, "sleep 60 & echo $! > child.pid; sleep 1; exit 0");

    assertThat(r.passed()).isTrue();
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void outputIsBoundedKeepingStartAndEnd() {
    // 2,000,000 bytes: "start", then filler, then "the end".
    TestCommandRunner.Result r = runner.runShell(dir, "echo start; head -c 1999985 /dev/zero | tr '\\0' 'x'; echo; echo 'the end'");

    assertThat(r.output()).startsWith("start\nxxx").endsWith("xxx\nthe end\n");
    assertThat(r.output().length()).isBetween(64 * 1024, 64 * 1024 + 100);
    assertThat(r.droppedBytes()).isEqualTo(2_000_000 - 64 * 1024);
    assertThat(r.output()).contains("… [acs: " + r.droppedBytes() + " bytes of output omitted] …");
  }

  @Test
  void aCommandThatCannotStartIsExit127WithAReason() {
    TestCommandRunner.Result r = runner.run(dir, List.of("/nonexistent/acs-test-tool", "--version"));

    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.output()).startsWith("acs: could not start /nonexistent/acs-test-tool:");
  }

  @Test
  void secretsAreNotPassedOn() {
    TestCommandRunner withSecrets = new TestCommandRunner(Duration.ofSeconds(30), 64 * 1024, Map.of(
        "PATH", System.getenv("PATH"), "ACS_WEBHOOK_SECRET", "s3cret", "GITHUB_TOKEN", "ghs_x", "OPENAI_API_KEY", "sk-x",
        "GITHUB_APP_PRIVATE_KEY", "-----BEGIN", "JAVA_TOOL_OPTIONS", "-Xmx1g", "GITHUB_ENV", dir.resolve("env-file").toString()));

    String env = withSecrets.runShell(dir, "env").output();

    assertThat(env).contains("JAVA_TOOL_OPTIONS=-Xmx1g").contains("CI=true")
        .doesNotContain("s3cret").doesNotContain("ghs_x").doesNotContain("sk-x").doesNotContain("BEGIN").doesNotContain("GITHUB_ENV");
  }

  @ParameterizedTest
  @CsvSource({"ACS_PORT,true", "GITHUB_TOKEN,true", "NPM_TOKEN,true", "AWS_SECRET_ACCESS_KEY,true", "DB_PASSWORD,true",
      "ANTHROPIC_API_KEY,true", "GITHUB_APP_ID,true", "PATH,false", "HOME,false", "JAVA_HOME,false", "GITHUB_WORKSPACE,false"})
  void secretNames(String name, boolean secret) {
    assertThat(TestCommandRunner.SECRET_NAME.matcher(name).matches()).isEqualTo(secret);
  }

  @Test
  void aRealCompileFailureIsExplainedWithRepoRelativePaths() throws Exception {
    Path source = dir.resolve("src/main/java/demo/Bad.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package demo;\n\nclass Bad {\n  int twice(int n) { return n * factor; }\n}\n");
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");

    TestCommandRunner.Result r = runner.run(dir, List.of(javac.toString(), "-d", "out", dir.resolve("src/main/java/demo/Bad.java").toString()));
    FailureReport report = TestCommandRunner.explain(r);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(report.compileErrors()).containsExactly(new CompileError("src/main/java/demo/Bad.java", 4, null, "cannot find symbol", "javac"));
    assertThat(report.kind()).isEqualTo(FailureKind.CODE);
    assertThat(report.excerpt()).contains("symbol:   variable factor");
  }

  @Test
  void aTimedOutRunWithoutFindingsIsUnknownNotInfra() {
    TestCommandRunner quick = new TestCommandRunner(Duration.ofSeconds(1), 64 * 1024, Map.of("PATH", System.getenv("PATH")));

    FailureReport report = TestCommandRunner.explain(quick.runShell(dir, "echo waiting; sleep 30"));

    assertThat(report.kind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(report.reason()).startsWith("timed out");
    assertThat(report.excerpt()).contains("acs: timed out after 1 s");
  }
}
