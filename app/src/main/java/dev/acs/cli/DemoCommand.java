package dev.acs.cli;

import dev.acs.web.LoopbackServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acs demo}: the offline walk-through (see {@link Demo}). */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Walk through ACS offline, without credentials, in under a minute.",
      "A labeled issue, the plan, the draft pull request, a failing check, the repair, and a change the policy"
          + " refuses. Leaves the sample repository, ACS's branch and the transcripts in a folder for you to look at."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the demo's repositories (default: a new acs-demo-* folder in the temp directory).")
  Path dir;

  @Option(names = "--verbose", description = "Show ACS's own log lines too.")
  boolean verbose;

  @Option(names = "--serve", description = "Afterwards, keep serving the task pages of the demo's tasks on this machine (no login) until Ctrl-C.")
  boolean serve;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "With --serve: the port (default: any free port).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "With --serve: a loopback address (127.0.0.1 or ::1); anything else is refused, as the pages have no login.")
  String bind;

  @Override
  public Integer call() throws Exception {
    if (serve && !InetAddress.getByName(bind).isLoopbackAddress()) {
      throw new UserError("--bind " + bind + " is not a loopback address: the demo's pages have no login, so they listen on 127.0.0.1 or ::1 only");
    }
    if (!verbose) {
      Logs.quiet();
    }
    Path target = dir;
    if (target == null) {
      target = Files.createTempDirectory("acs-demo-");
    } else if (Files.exists(target) && !isEmptyDir(target)) {
      throw new UserError("--dir " + target + " is not empty; give a new or empty folder");
    }
    if (!serve) {
      return new Demo(target, System.out).run();
    }
    Demo demo = new Demo(target, System.out).keepDatabase();
    int exit = demo.run();
    LoopbackServer server = demo.serve(bind, port);
    System.out.println();
    System.out.println("== The task pages of this demo: " + server.url() + "  (this machine only, no login; Ctrl-C stops)");
    System.out.flush();
    new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook closes the server and the database
    return exit;
  }

  private static boolean isEmptyDir(Path p) throws java.io.IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var entries = Files.list(p)) {
      return entries.findAny().isEmpty();
    }
  }
}
