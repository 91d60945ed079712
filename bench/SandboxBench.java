import dev.acs.checks.TestCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the sandbox adds to starting a test command: `true` run N times, ACS_SANDBOX=off vs auto, alternating. */
public class SandboxBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path dir = Files.createTempDirectory("acs-sandbox-bench");
    Files.createDirectories(dir.resolve(".git"));
    for (String mode : List.of("off", "auto", "off", "auto")) {
      TestCommandRunner runner = new TestCommandRunner(Duration.ofSeconds(30), 65536,
          Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"), "ACS_SANDBOX", mode));
      TestCommandRunner.Result warm = runner.runShell(dir, "true");
      long[] t = new long[n];
      for (int i = 0; i < n; i++) {
        long s = System.nanoTime();
        TestCommandRunner.Result r = runner.runShell(dir, "true");
        t[i] = System.nanoTime() - s;
        if (!r.passed()) {
          throw new IllegalStateException(r.output());
        }
      }
      Arrays.sort(t);
      System.out.printf("ACS_SANDBOX=%s (%s): median %.1f ms, p90 %.1f ms over %d runs%n", mode,
          warm.notice().isPresent() ? "not sandboxed" : "bwrap", t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, n);
    }
  }
}
