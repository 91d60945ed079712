// Benchmark of ACS's JGit workspace against the git CLI. Run by bench/git.sh (Java source-file
// mode, with app/target/acs.jar on the class path); not part of the build and not a test.
//
// For each transport (file://, and http:// via JGit's GitServlet on Jetty in this JVM when the
// jgit http.server jar is on the class path) and each tool it measures, as the median of ROUNDS
// runs after one untimed warm-up:
//   1. initial mirror:     MirrorCache.update (empty cache)   vs  git clone --bare
//   2. incremental fetch:  MirrorCache.update after COMMITS new upstream commits  vs  git fetch --prune
//   3. task working tree:  Workspaces.forTask (fetch + tree borrowing the mirror's objects + checkout)
//                          vs  git fetch + git clone --shared from the mirror + git checkout -b
import dev.acs.workspace.AccessToken;
import dev.acs.workspace.BotIdentity;
import dev.acs.workspace.GitRemote;
import dev.acs.workspace.MirrorCache;
import dev.acs.workspace.Workspace;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

public class GitBench {
  static int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "3"));
  static int commits = Integer.parseInt(System.getenv().getOrDefault("COMMITS", "20"));
  static Path tmp;
  static Path upstream;
  static Path pusher;
  static int pushes;

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]).toAbsolutePath();
    tmp = Files.createTempDirectory("acs-git-bench-");
    try {
      // A bare copy of the repository acts as the server side ("GitHub"); --no-local makes git copy
      // objects instead of hard-linking, so the copy behaves like any other remote repository.
      upstream = tmp.resolve("server/bench/repo.git");
      run(tmp, "git", "clone", "--quiet", "--bare", "--no-local", repo.toString(), upstream.toString());
      run(tmp, "git", "-C", upstream.toString(), "config", "uploadpack.allowFilter", "true");
      String branch = git(upstream, "symbolic-ref", "--short", "HEAD").trim();
      pusher = tmp.resolve("pusher");
      run(tmp, "git", "clone", "--quiet", upstream.toString(), pusher.toString());
      System.out.printf(Locale.ROOT, "repository: %s (%s commits on %s, pack %s)%n", repo,
          git(upstream, "rev-list", "--count", branch).trim(), branch, git(upstream, "count-objects", "-vH").lines()
              .filter(l -> l.startsWith("size-pack")).findFirst().orElse("?").replace("size-pack: ", ""));
      System.out.printf(Locale.ROOT, "rounds: %d, JGit and CLI alternating, median shown, after 1 warm-up each; new upstream commits per incremental fetch: %d%n%n", rounds, commits);

      List<String> transports = new ArrayList<>(List.of("file"));
      AutoCloseable server = null;
      URI httpUrl = null;
      try {
        Class.forName("org.eclipse.jgit.http.server.GitServlet");
        var s = HttpServe.start(upstream.getParent().getParent());
        server = s;
        httpUrl = URI.create("http://127.0.0.1:" + s.port() + "/bench/repo.git");
        transports.add("http");
      } catch (ClassNotFoundException e) {
        System.out.println("(jgit http.server jar not on the class path: http transport skipped)");
      }

      System.out.printf(Locale.ROOT, "%-6s %-22s %12s %12s %8s%n", "via", "step", "JGit (ACS)", "git CLI", "ratio");
      for (String t : transports) {
        URI url = t.equals("file") ? upstream.toUri() : httpUrl;
        bench(t, url, branch);
      }
      if (server != null) {
        server.close();
      }
      System.out.println("\nratio = JGit time / git CLI time (below 1: JGit faster)");
    } finally {
      run(Path.of("/"), "rm", "-rf", tmp.toString());
    }
  }

  static void bench(String transport, URI url, String branch) throws Exception {
    GitRemote remote = new GitRemote("bench/repo", url);
    String cliUrl = url.toString();

    // 1. initial mirror
    double[] init = paired(() -> {
      Path work = fresh("j-init");
      long t = System.nanoTime();
      new MirrorCache(work).update(remote, AccessToken.NONE);
      return since(t);
    }, () -> {
      Path dir = fresh("c-init").resolve("repo.git");
      long t = System.nanoTime();
      run(tmp, "git", "clone", "--quiet", "--bare", cliUrl, dir.toString());
      return since(t);
    });
    double jInit = init[0];
    double cInit = init[1];
    row(transport, "initial mirror clone", jInit, cInit);

    // 2. incremental fetch of `commits` new commits: both mirrors start equal, upstream moves, each fetches.
    Path jWork = fresh("j-incr");
    MirrorCache jCache = new MirrorCache(jWork.resolve("mirrors"));
    jCache.update(remote, AccessToken.NONE);
    Path cMirror = fresh("c-incr").resolve("repo.git");
    run(tmp, "git", "clone", "--quiet", "--bare", cliUrl, cMirror.toString());
    run(tmp, "git", "-C", cMirror.toString(), "config", "remote.origin.fetch", "+refs/heads/*:refs/heads/*");
    List<Double> j = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (int i = 0; i <= rounds; i++) {
      pushCommits(branch);
      long t = System.nanoTime();
      jCache.update(remote, AccessToken.NONE);
      double jt = since(t);
      t = System.nanoTime();
      run(tmp, "git", "-C", cMirror.toString(), "fetch", "--quiet", "--prune", "origin");
      double ct = since(t);
      if (i > 0) {
        j.add(jt);
        c.add(ct);
      }
    }
    row(transport, "incremental fetch", med(j), med(c));

    // 3. a task's working tree on a new branch, from an up-to-date mirror.
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(jWork, false, BotIdentity.forApp("acs", 1L)));
    int[] n = {0};
    double[] task = paired(() -> {
      long t = System.nanoTime();
      try (Workspace ws = workspaces.forTask(remote, AccessToken.NONE, "bench-" + (++n[0]), "acs/1-bench", branch)) {
        return since(t);
      }
    }, () -> {
      Path wt = fresh("c-task").resolve("wt");
      long t = System.nanoTime();
      run(tmp, "git", "-C", cMirror.toString(), "fetch", "--quiet", "--prune", "origin");
      run(tmp, "git", "clone", "--quiet", "--shared", "--branch", branch, cMirror.toString(), wt.toString());
      run(tmp, "git", "-C", wt.toString(), "checkout", "--quiet", "-b", "acs/1-bench");
      return since(t);
    });
    double jTask = task[0];
    double cTask = task[1];
    row(transport, "task working tree", jTask, cTask);
  }

  // Makes COMMITS small commits upstream (each edits one source file), like a busy day on main.
  static void pushCommits(String branch) throws Exception {
    List<Path> sources;
    try (var s = Files.walk(pusher)) {
      sources = s.filter(p -> !p.toString().contains("/.git/") && p.toString().endsWith(".java")).sorted().limit(50).toList();
    }
    if (sources.isEmpty()) {
      Files.createDirectories(pusher.resolve("bench-edits"));
      sources = List.of(pusher.resolve("bench-edits/a.txt"), pusher.resolve("bench-edits/b.txt"));
      for (Path f : sources) {
        if (!Files.exists(f)) {
          Files.writeString(f, "bench\n");
        }
      }
      run(pusher, "git", "add", "bench-edits");
    }
    for (int i = 0; i < commits; i++) {
      Path f = sources.get((pushes * commits + i) % sources.size());
      Files.writeString(f, Files.readString(f) + "\n// bench edit " + pushes + "." + i + "\n");
      run(pusher, "git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "--quiet", "-am", "bench " + pushes + "." + i);
    }
    run(pusher, "git", "push", "--quiet", "origin", "HEAD:" + branch);
    pushes++;
  }

  // One untimed warm-up of each (class loading and JIT for JGit, page cache for both), then the two
  // alternate, so that load from elsewhere on the machine falls on both alike. Medians.
  static double[] paired(Callable<Double> jgit, Callable<Double> cli) throws Exception {
    jgit.call();
    cli.call();
    List<Double> j = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      j.add(jgit.call());
      c.add(cli.call());
    }
    return new double[] {med(j), med(c)};
  }

  static double med(List<Double> times) {
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static void row(String transport, String step, double jgit, double cli) {
    System.out.printf(Locale.ROOT, "%-6s %-22s %10.0f ms %10.0f ms %8.2f%n", transport, step, jgit, cli, jgit / cli);
  }

  static double since(long t) {
    return (System.nanoTime() - t) / 1e6;
  }

  static int dirs;

  static Path fresh(String name) throws IOException {
    return Files.createDirectories(tmp.resolve("runs").resolve(name + "-" + (dirs++)));
  }

  static String git(Path bare, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "--git-dir", bare.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
    return out;
  }

  static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  /** JGit's smart-HTTP servlet on the Jetty 11 inside acs.jar, serving the bare repositories read-only. */
  static final class HttpServe implements AutoCloseable {
    final org.eclipse.jetty.server.Server server;

    HttpServe(org.eclipse.jetty.server.Server server) {
      this.server = server;
    }

    static HttpServe start(Path root) throws Exception {
      var git = new org.eclipse.jgit.http.server.GitServlet();
      git.setRepositoryResolver(new org.eclipse.jgit.transport.resolver.FileResolver<>(root.toFile(), true));
      var context = new org.eclipse.jetty.servlet.ServletContextHandler();
      context.setContextPath("/");
      context.addServlet(new org.eclipse.jetty.servlet.ServletHolder(git), "/*");
      var server = new org.eclipse.jetty.server.Server();
      var connector = new org.eclipse.jetty.server.ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(context);
      server.start();
      return new HttpServe(server);
    }

    int port() {
      return ((org.eclipse.jetty.server.ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.stop();
    }
  }
}
