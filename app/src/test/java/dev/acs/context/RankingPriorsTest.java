package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.workspace.FileHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The priors scale the evidence and never stand in for it: between two files the issue matches
 * alike, the one that changed often and lately comes first; a file the issue gives no evidence
 * for stays at 0 however busy it is. On a real git working tree, its history read by the scan.
 */
class RankingPriorsTest {
  @TempDir Path tree;

  private void commit(Git git, String path, String text, String message) throws Exception {
    Path f = tree.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    git.add().addFilepattern(path).call();
    git.commit().setMessage(message).setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();
  }

  @Test
  void aFileThatChangesOftenComesFirstAmongEqualsAndABusyFileWithoutEvidenceStaysAtZero() throws Exception {
    String parser = "def parse_header(line):\n    return line.split(':', 1)\n";
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      commit(git, "README.md", "tools\n", "First commit");
      commit(git, "app/alpha.py", parser, "Add alpha");
      commit(git, "app/omega.py", parser, "Add omega");
      for (int i = 0; i < 6; i++) {
        commit(git, "app/omega.py", parser + "# " + i + "\n", "Tune omega " + i);
        commit(git, "app/busy.py", "LIMIT = " + i + "\n", "Bump busy " + i);
      }
      // Back to the same text as alpha.py: only their histories differ.
      commit(git, "app/omega.py", parser, "Revert omega's tuning");
    }
    RepoScan scan = ScanCache.shared().scan(tree);
    assertThat(scan.history().of("app/omega.py").commits()).isEqualTo(8);
    assertThat(scan.file("app/omega.py").text()).isEqualTo(scan.file("app/alpha.py").text());

    String title = "parse_header drops the value";
    String body = "parse_header('a: b') loses what follows the colon.";
    List<FileRanking.Scored> ranked = FileRanking.rank(scan, title, body, FileRanking.Options.DEFAULT);
    assertThat(ranked.get(0).path()).isEqualTo("app/omega.py");
    assertThat(ranked.stream().filter(s -> s.path().equals("app/busy.py")).findFirst().orElseThrow().score()).isZero();

    // Without history (a tree exported from a commit, say), the two tie and the first by path comes first.
    List<String> plain = FileRanking.rankPaths(scan.withHistory(FileHistory.NONE), title, body, FileRanking.Options.DEFAULT);
    assertThat(plain.get(0)).isEqualTo("app/alpha.py");
  }
}
