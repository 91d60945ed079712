// Times the repository map on a large repository: cold (first scan in a fresh JVM), warm (the same
// commit again, as the coder after the planner), and incremental (after a commit that changes a
// few files), for ACS's ranking alone and for the whole map (RepoMap: outlines + ranking).
// Run by bench/scan.sh; not part of the build and not a test. With --synthetic N DIR it first
// writes a git repository of N files (Java, Python, TypeScript, Go; classes and functions that use
// each other) into DIR.
import dev.acs.agent.RepoMap;
import dev.acs.context.FileRanking;
import dev.acs.context.RepoScan;
import dev.acs.context.ScanCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

public class ScanBench {
  static final String ISSUE_TITLE = "OrderService73 rejects a refund when the invoice total is zero";
  static final String ISSUE_BODY = "Calling `refundInvoice` on an order whose total is 0 throws IllegalStateException from InvoiceLedger12.settle().";

  public static void main(String[] args) throws Exception {
    Path root;
    if (args[0].equals("--synthetic")) {
      root = Path.of(args[2]);
      synthetic(Integer.parseInt(args[1]), root);
    } else {
      root = Path.of(args[0]);
    }
    time("cold  ", root);
    time("warm  ", root);
    time("warm  ", root);
    // The walk the map no longer makes: its own listing of the tree, before it took the scan's paths.
    long l0 = System.nanoTime();
    int listed = new dev.acs.workspace.ConfinedFiles(root).listFiles("", 20_000).size();
    System.out.printf(Locale.ROOT, "(the map's former second walk, ConfinedFiles.listFiles: %d paths in %d ms)%n", listed, (System.nanoTime() - l0) / 1_000_000);
    // A commit that changes 20 files: only those are read again.
    Random random = new Random(7);
    var files = ScanCache.shared().scan(root).files();
    for (int i = 0; i < 20; i++) {
      Path f = root.resolve(files.get(random.nextInt(files.size())).path());
      Files.writeString(f, Files.readString(f) + "\n// changed " + i + "\n");
    }
    git(root, "commit", "-qam", "change 20 files");
    time("increm", root);
    time("warm  ", root);
    secondTree(root, args.length > 1 && !args[0].equals("--synthetic") ? args[1] : "HEAD~1");
  }

  /**
   * A second working tree of the same repository at the commit before, or at {@code rev} (as the next task's tree):
   * cold in a cache of its own, then seeded from the first tree's scan in the shared cache. Also
   * what a cached scan takes on the heap (measured around the cold one, after a GC).
   */
  static void secondTree(Path root, String rev) throws Exception {
    Path second = root.resolveSibling(root.getFileName() + "-second");
    if (Files.exists(second)) {
      try (var walk = Files.walk(second)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    // Objects borrowed from the first (clone --shared), origin as the first's: as a task's tree.
    git(root.getParent(), "clone", "-q", "--shared", "--no-checkout", root.toString(), second.toString());
    git(second, "remote", "set-url", "origin", originOf(root));
    git(second, "checkout", "-q", rev);
    // Files written seconds ago are no longer "racily clean" once git refreshes its index.
    Thread.sleep(1500);
    git(second, "update-index", "-q", "--refresh");
    System.gc();
    long before = usedHeap();
    ScanCache own = new ScanCache(1);
    long t0 = System.nanoTime();
    RepoScan cold = own.scan(second);
    long t1 = System.nanoTime();
    FileRanking.rank(cold, ISSUE_TITLE, ISSUE_BODY);
    long t2 = System.nanoTime();
    System.gc();
    long heap = usedHeap() - before;
    System.out.printf(Locale.ROOT, "2nd tree cold   files %6d  read %6d         scan %6d ms  rank %5d ms  (a cache of its own; the scan holds %d MB of heap)%n",
        cold.files().size(), cold.filesRead(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, heap / (1024 * 1024));
    own.forget(second);
    time("2nd tree seeded", second);
    time("2nd tree warm  ", second);
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static String originOf(Path root) throws Exception {
    Process p = new ProcessBuilder("git", "remote", "get-url", "origin").directory(root.toFile()).start();
    String url = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || url.isEmpty()) {
      throw new IllegalStateException("the repository under " + root + " has no origin remote");
    }
    return url;
  }

  static RepoScan previous;

  static void time(String label, Path root) throws Exception {
    long t0 = System.nanoTime();
    RepoScan scan = ScanCache.shared().scan(root);
    String read = scan == previous ? "  (the same scan)" : String.format(Locale.ROOT, "read %6d", scan.filesRead());
    previous = scan;
    long t1 = System.nanoTime();
    FileRanking.rank(scan, ISSUE_TITLE, ISSUE_BODY);
    long t2 = System.nanoTime();
    String map = RepoMap.scan(root).render(ISSUE_TITLE + "\n" + ISSUE_BODY, 8_000);
    long t3 = System.nanoTime();
    System.out.printf(Locale.ROOT, "%-15s files %6d  %-17s  scan %6d ms  rank %5d ms  whole map (RepoMap.scan + render) %6d ms  (%d chars)%n",
        label, scan.files().size(), read, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, map.length());
  }

  static void synthetic(int n, Path root) throws Exception {
    if (Files.isDirectory(root.resolve(".git"))) {
      return;
    }
    Random r = new Random(42);
    String[] ext = {"java", "py", "ts", "go"};
    for (int i = 0; i < n; i++) {
      String kind = ext[i % 4];
      String dir = "src/module" + (i % 50) + "/part" + (i / 50 % 20);
      String name = (i % 3 == 0 ? "OrderService" : i % 3 == 1 ? "InvoiceLedger" : "PaymentGateway") + i;
      String other = "InvoiceLedger" + (r.nextInt(n / 3) * 3 + 1);
      StringBuilder b = new StringBuilder();
      for (int m = 0; m < 12; m++) {
        String fn = (m % 2 == 0 ? "refund" : "settle") + "Item" + m;
        switch (kind) {
          case "java" -> b.append("  public int ").append(fn).append("(int amount) {\n    return new ").append(other).append("().total(amount) + ").append(m).append(";\n  }\n");
          case "py" -> b.append("    def ").append(fn).append("(self, amount):\n        return ").append(other).append("().total(amount) + ").append(m).append("\n\n");
          case "ts" -> b.append("  ").append(fn).append("(amount: number): number {\n    return new ").append(other).append("().total(amount) + ").append(m).append(";\n  }\n");
          default -> b.append("func (s *").append(name).append(") ").append(fn).append("(amount int) int {\n\treturn New").append(other).append("().Total(amount) + ").append(m).append("\n}\n\n");
        }
      }
      String text = switch (kind) {
        case "java" -> "package module;\n\n/** Part of the synthetic order system. */\npublic class " + name + " {\n" + b + "}\n";
        case "py" -> "\"\"\"Part of the synthetic order system.\"\"\"\n\nclass " + name + ":\n" + b;
        case "ts" -> "// Part of the synthetic order system.\nexport class " + name + " {\n" + b + "}\n";
        default -> "package module\n\n// " + name + " is part of the synthetic order system.\ntype " + name + " struct{}\n\n" + b;
      };
      Path f = root.resolve(dir).resolve(name + "." + kind);
      Files.createDirectories(f.getParent());
      Files.writeString(f, text);
    }
    git(root, "init", "-q");
    // An origin, as every task's tree has: what tells two trees of one repository.
    git(root, "remote", "add", "origin", "https://example.com/bench/synthetic.git");
    git(root, "add", "-A");
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "synthetic");
  }

  static void git(Path root, String... args) throws Exception {
    String[] cmd = new String[args.length + 5];
    cmd[0] = "git";
    cmd[1] = "-c";
    cmd[2] = "user.name=bench";
    cmd[3] = "-c";
    cmd[4] = "user.email=bench@example.com";
    System.arraycopy(args, 0, cmd, 5, args.length);
    Process p = new ProcessBuilder(cmd).directory(root.toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed");
    }
  }
}
