package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new working tree of a repository already scanned starts from the other tree's scan (real git
 * repositories in temporary folders): only the files of other blobs are read, and the ranking is
 * exactly the one a cold scan of the new tree gives.
 */
class ScanSeedingTest {
  private static final List<String[]> ISSUES = List.of(
      new String[] {"Parser overflows on hexadecimal input", "parseHexadecimal throws NumberFormatException for 0x7fffffff"},
      new String[] {"Printer pads negative numbers", "`Printer.print(-1)` gives ' -1'; see src/Printer.java"},
      new String[] {"Lexer drops the last token", "Tokens of the input are lost at the end; the lexer ends early"},
      new String[] {"utility text", "strings words numbers module helpers"});

  @TempDir Path temp;
  private Path origin;
  private RevCommit first;
  private RevCommit second;

  @BeforeEach
  void twoCommits() throws Exception {
    origin = temp.resolve("origin");
    try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
      write(origin, "src/Parser.java", "class Parser { int parseDecimal(String s) { return Integer.parseInt(s); } }\n");
      write(origin, "src/Printer.java", "class Printer { String print(int n) { return String.valueOf(n); } }\n");
      write(origin, "README.md", "# parser\nParses and prints numbers.\n");
      write(origin, "empty.txt", "");
      Files.write(origin.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
      for (int i = 0; i < 30; i++) {
        write(origin, "src/util/Text" + i + ".java", "class Text" + i + " { String words" + i + "() { return \"strings words numbers " + i + "\"; } }\n");
      }
      git.add().addFilepattern(".").call();
      first = commit(git, "first");
      write(origin, "src/Parser.java", "class Parser { int parseHexadecimal(String s) { return Integer.parseInt(s, 16); } }\n");
      write(origin, "src/Lexer.java", "class Lexer { java.util.List<String> tokens(String input) { return java.util.List.of(input); } }\n");
      write(origin, "src/util/Text3.java", "class Text3 { String module() { return \"helpers\"; } }\n");
      Files.delete(origin.resolve("README.md"));
      git.add().addFilepattern(".").call();
      git.rm().addFilepattern("README.md").call();
      second = commit(git, "second");
    }
  }

  @Test
  void aSecondCloneOfTheRepositoryAtAnotherCommitReadsOnlyTheFilesThatDifferAndRanksAsACold() throws Exception {
    Path a = cloneAt(origin, "a", second);
    Path b = cloneAt(origin, "b", first);
    ScanCache cache = new ScanCache(4);
    RepoScan atSecond = cache.scan(a);
    assertThat(atSecond.filesRead()).isEqualTo(35); // 33 source files, an empty one and an image

    RepoScan seeded = cache.scan(b);

    // Parser.java and Text3.java differ, README.md is only in the first commit: 3 files read.
    assertThat(seeded.filesRead()).isEqualTo(3);
    assertThat(seeded.commit()).isEqualTo(first.getName());
    // Files held in both trees are the very objects read in the first one.
    assertThat(seeded.file("src/Printer.java")).isSameAs(atSecond.file("src/Printer.java"));
    assertSameAsCold(seeded, b);
  }

  @Test
  void aFileEditedInTheFirstTreeIsReadFromTheSecondOne() throws Exception {
    Path a = cloneAt(origin, "a", second);
    Path b = cloneAt(origin, "b", second);
    // An edit not committed: git's index still names Printer.java's blob, but the file differs.
    write(a, "src/Printer.java", "class Printer { String tokenizerOverflow() { return \"\"; } }\n");
    ScanCache cache = new ScanCache(4);
    cache.scan(a);

    RepoScan seeded = cache.scan(b);

    assertThat(seeded.filesRead()).isEqualTo(1);
    assertThat(seeded.file("src/Printer.java").text()).contains("String print(int n)");
    assertSameAsCold(seeded, b);
  }

  @Test
  void taskTreesBorrowingOneMirrorsObjectsShareTheScanEvenAfterTheFirstIsForgotten() throws Exception {
    Path mirror = temp.resolve("mirror.git");
    Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(mirror.toFile()).setBare(true).call().close();
    Path a = borrowing(mirror, "task-1", second);
    Path b = borrowing(mirror, "task-2", first);
    ScanCache cache = new ScanCache(4);
    cache.scan(a);
    cache.forget(a); // the first task ended and its tree was deleted

    RepoScan seeded = cache.scan(b);

    assertThat(seeded.filesRead()).isEqualTo(3);
    assertSameAsCold(seeded, b);
  }

  @Test
  void aCloneOfAnotherRepositoryOrATreeOutsideGitStartsCold() throws Exception {
    Path copy = temp.resolve("copy");
    Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(copy.toFile()).call().close();
    Path a = cloneAt(origin, "a", second);
    Path other = cloneAt(copy, "other", second); // the same files, but another repository
    Path plain = temp.resolve("plain");
    try (Stream<Path> files = Files.walk(a)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !a.relativize(f).startsWith(".git")).toList()) {
        Path to = plain.resolve(a.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    ScanCache cache = new ScanCache(4);
    cache.scan(a);

    assertThat(cache.scan(other).filesRead()).isEqualTo(35);
    assertThat(cache.scan(plain).filesRead()).isEqualTo(35);
  }

  @Test
  void treesOfOneRepositoryScannedAtOnceEachRankAsACold() throws Exception {
    List<Path> trees = List.of(cloneAt(origin, "t1", second), cloneAt(origin, "t2", first), cloneAt(origin, "t3", second), cloneAt(origin, "t4", first));
    ScanCache cache = new ScanCache(4);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        List<java.util.concurrent.Future<RepoScan>> scans = new java.util.ArrayList<>();
        for (Path t : trees) {
          scans.add(pool.submit(() -> cache.scan(t)));
        }
        for (int i = 0; i < trees.size(); i++) {
          // A deadlock between two trees' locks and the seeds' would hang here: fail instead.
          RepoScan scan = scans.get(i).get(2, java.util.concurrent.TimeUnit.MINUTES);
          if (round == 0) {
            assertSameAsCold(scan, trees.get(i));
          } else {
            // Updated in place since (an edit): Lucene keeps the replaced document as deleted
            // until a merge and BM25 counts it, so scores move in the fourth digit; the order holds.
            assertSameOrderAsCold(scan, trees.get(i));
          }
        }
        write(trees.get(round), "src/Printer.java", "class Printer { String print" + round + "(int n) { return \"\" + n; } }\n");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertSameOrderAsCold(RepoScan scan, Path tree) throws Exception {
    ScanCache fresh = new ScanCache(1);
    RepoScan cold = fresh.scan(tree);
    assertThat(scan.files()).isEqualTo(cold.files());
    for (String[] issue : ISSUES) {
      assertThat(FileRanking.rankPaths(scan, issue[0], issue[1], FileRanking.Options.DEFAULT))
          .isEqualTo(FileRanking.rankPaths(cold, issue[0], issue[1], FileRanking.Options.DEFAULT));
    }
    fresh.forget(tree);
  }

  private static void assertSameAsCold(RepoScan seeded, Path tree) throws Exception {
    ScanCache fresh = new ScanCache(1);
    RepoScan cold = fresh.scan(tree);
    assertThat(seeded.files()).isEqualTo(cold.files());
    for (String[] issue : ISSUES) {
      assertThat(FileRanking.rank(seeded, issue[0], issue[1], FileRanking.Options.DEFAULT))
          .as(issue[0]).isNotEmpty().isEqualTo(FileRanking.rank(cold, issue[0], issue[1], FileRanking.Options.DEFAULT));
      assertThat(FileRanking.rank(seeded, issue[0], issue[1], FileRanking.Options.WITH_GRAPH))
          .isEqualTo(FileRanking.rank(cold, issue[0], issue[1], FileRanking.Options.WITH_GRAPH));
    }
    fresh.forget(tree);
  }

  private Path cloneAt(Path from, String name, RevCommit at) throws Exception {
    Path dir = temp.resolve(name);
    try (Git git = Git.cloneRepository().setURI(from.toUri().toString()).setDirectory(dir.toFile()).call()) {
      git.checkout().setName(at.getName()).call();
    }
    settle(dir);
    return dir;
  }

  // As Workspaces makes a task's tree: its own repository whose objects are the mirror's (alternates).
  private Path borrowing(Path mirror, String name, RevCommit at) throws Exception {
    Path dir = temp.resolve(name);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Path alternates = dir.resolve(".git/objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(alternates, mirror.resolve("objects").toAbsolutePath() + "\n", StandardCharsets.UTF_8);
    }
    try (Git git = Git.open(dir.toFile())) {
      RefUpdate u = git.getRepository().updateRef("refs/heads/main");
      u.setNewObjectId(ObjectId.fromString(at.getName()));
      u.forceUpdate();
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef("main").call();
    }
    settle(dir);
    return dir;
  }

  /**
   * Files checked out moments before git wrote its index can be "racily clean" to git (it cannot
   * vouch for them by size and time until it looks again). Dates the freshly checked-out files
   * back and records that in the index, as `git update-index --refresh` would once they are old.
   */
  private static void settle(Path dir) throws Exception {
    if (Boolean.getBoolean("noSettle")) {
      return;
    }
    FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 120_000);
    try (Git git = Git.open(dir.toFile())) {
      DirCache index = git.getRepository().lockDirCache();
      try {
        for (int i = 0; i < index.getEntryCount(); i++) {
          DirCacheEntry e = index.getEntry(i);
          Path f = dir.resolve(e.getPathString());
          Files.setLastModifiedTime(f, past);
          e.setLength(Files.size(f));
          e.setLastModified(past.toInstant());
        }
        index.write();
        index.commit();
      } finally {
        index.unlock();
      }
    }
  }

  private static RevCommit commit(Git git, String message) throws Exception {
    return git.commit().setMessage(message).setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();
  }

  private static void write(Path root, String path, String text) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
