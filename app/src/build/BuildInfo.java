import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * Run by the build (app/pom.xml, `java BuildInfo.java OUT VERSION`): writes what `acs --version`
 * prints: the version, the git commit the jar was built from, and when. A source-file program
 * rather than a plugin, so that it works offline and without git (a source archive): then the
 * commit is "unknown".
 */
public final class BuildInfo {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    String version = args.length > 1 ? args[1] : "dev";
    String commit = git("rev-parse", "HEAD");
    String dirty = commit.equals("unknown") || git("status", "--porcelain", "--untracked-files=no").isEmpty() ? "" : "-dirty";
    Files.createDirectories(out.getParent());
    Files.writeString(out, "version=" + version + "\ncommit=" + commit + dirty + "\nbuilt="
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n", StandardCharsets.UTF_8);
  }

  private static String git(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? text : "unknown";
    } catch (IOException e) {
      return "unknown"; // no git on this machine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
