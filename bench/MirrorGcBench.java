// What the work directory upkeep's gc does to a mirror that has taken many small fetches. Run
// with the jar on the class path (Java source-file mode); not part of the build and not a test:
//
//   java -cp app/target/acs.jar bench/MirrorGcBench.java REPO [FETCHES]
//
// REPO (a local git repository) is copied to a temporary bare "server"; a mirror of it is made
// with MirrorCache, then FETCHES times (default 100) a commit is pushed to the server and the
// mirror fetches it (one small pack each, as a busy repository's mirror collects them). Then one
// WorkDirUpkeep round repacks the mirror. Prints the pack count and size before and after, the gc
// time and the time of the next incremental fetch. One run; other work on the machine skews it.
import dev.acs.workspace.AccessToken;
import dev.acs.workspace.BotIdentity;
import dev.acs.workspace.GitRemote;
import dev.acs.workspace.WorkDirUpkeep;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

public class MirrorGcBench {
  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]).toAbsolutePath();
    int fetches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path tmp = Files.createTempDirectory("acs-gc-bench-");
    Path upstream = tmp.resolve("upstream.git");
    try (Git ignored = Git.cloneRepository().setURI(repo.toUri().toString()).setBare(true).setDirectory(upstream.toFile()).call();
        Git person = Git.cloneRepository().setURI(upstream.toUri().toString()).setDirectory(tmp.resolve("person").toFile()).call()) {
      GitRemote remote = new GitRemote("bench/repo", upstream.toUri());
      WorkspaceSettings settings = new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 1L));
      Workspaces workspaces = new Workspaces(settings);
      workspaces.mirrors().update(remote, AccessToken.NONE);
      Path dir = person.getRepository().getWorkTree().toPath();
      for (int i = 0; i < fetches; i++) {
        Files.writeString(dir.resolve("bench-" + i + ".txt"), ("change " + i + "\n").repeat(i + 1));
        person.add().addFilepattern(".").call();
        person.commit().setMessage("bench " + i).setSign(false).call();
        person.push().call();
        workspaces.mirrors().update(remote, AccessToken.NONE);
      }
      Path mirror = workspaces.mirrors().pathOf(remote);
      long packsBefore = packs(mirror);
      long bytesBefore = size(mirror);
      WorkDirUpkeep upkeep = new WorkDirUpkeep(settings, id -> false,
          new WorkDirUpkeep.Settings(Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(15), Duration.ofHours(24), 0),
          Clock.systemUTC());
      long t0 = System.nanoTime();
      WorkDirUpkeep.Report report = upkeep.runOnce();
      long gcMs = (System.nanoTime() - t0) / 1_000_000;
      long t1 = System.nanoTime();
      workspaces.mirrors().update(remote, AccessToken.NONE);
      long fetchMs = (System.nanoTime() - t1) / 1_000_000;
      System.out.printf("mirror after %d fetches: %d packs, %.2f MB; upkeep round (repacked %d) %d ms; after: %d pack(s), %.2f MB;"
              + " next fetch %d ms%n", fetches, packsBefore, bytesBefore / 1e6, report.mirrorsCollected(), gcMs, packs(mirror),
          size(mirror) / 1e6, fetchMs);
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static long size(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static long packs(Path mirror) throws Exception {
    try (Stream<Path> s = Files.list(mirror.resolve("objects/pack"))) {
      return s.filter(p -> p.toString().endsWith(".pack")).count();
    }
  }
}
