package dev.acs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

  @Override
  public Integer call() throws Exception {
    if (!verbose) {
      Logs.quiet();
    }
    Path target = dir;
    if (target == null) {
      target = Files.createTempDirectory("acs-demo-");
    } else if (Files.exists(target) && !isEmptyDir(target)) {
      throw new UserError("--dir " + target + " is not empty; give a new or empty folder");
    }
    return new Demo(target, System.out).run();
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
