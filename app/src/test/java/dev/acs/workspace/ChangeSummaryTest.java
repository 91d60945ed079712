package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.policy.PolicyInput;
import dev.acs.policy.GitBinaryPatch;
import dev.acs.policy.PolicyInput.FileChange;
import dev.acs.policy.SecretScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change summary of base...HEAD, on a real repository. */
class ChangeSummaryTest {
  static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");

  @TempDir Path tmp;
  Path dir;
  Git git;
  Workspaces workspaces;

  @BeforeEach
  void repo() throws Exception {
    dir = tmp.resolve("repo");
    git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    write("src/A.java", lines("a", 10));
    write("B.txt", "one\ntwo\nthree\n");
    write("C.txt", lines("c", 20));
    Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 0, 9});
    commitAll("base");
    workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 9L)));
  }

  @Test
  void filesStatusesAndLineCountsLikeAPullRequest() throws Exception {
    try (Workspace ws = workspaces.openLocal(dir, "acs/5-change", "main")) {
      // Modify: 2 lines changed (2 deletions + 2 additions), 3 lines added at the end.
      String a = lines("a", 10).replace("a3\n", "A3\n").replace("a7\n", "A7\n") + "x1\nx2\nx3\n";
      write("src/A.java", a);
      write("src/D.java", "class D {\n  int d;\n}\n// end\n");
      Files.delete(dir.resolve("B.txt"));
      Files.createDirectories(dir.resolve("docs"));
      Files.move(dir.resolve("C.txt"), dir.resolve("docs/C.txt"));
      Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 3, 4, 0, 9});
      ws.commitAll("Change things", "t-5");

      // main moves on after the branch started: base...HEAD must not show it.
      git.checkout().setName("main").call();
      write("E.txt", "on main only\n");
      commitAll("main moves");
      git.checkout().setName("acs/5-change").call();

      ChangeSummary s = ws.changeSummary("main");

      assertThat(s.files()).containsExactlyInAnyOrder(
          new FileChange("src/A.java", "modified", 5, 2),
          new FileChange("src/D.java", "added", 4, 0),
          new FileChange("B.txt", "removed", 0, 3),
          new FileChange("docs/C.txt", "renamed", 0, 0),
          new FileChange("logo.png", "modified", 0, 0));
      assertThat(s.additions()).isEqualTo(9);
      assertThat(s.deletions()).isEqualTo(5);
      assertThat(s.diffTruncated()).isFalse();
      assertThat(s.diff())
          .contains("diff --git a/src/A.java b/src/A.java")
          .contains("-a3\n+A3\n")
          .contains("+++ b/src/D.java")
          .contains("rename from C.txt\nrename to docs/C.txt")
          .contains("Binary files differ")
          .doesNotContain("E.txt");

      PolicyInput.Change change = s.toChange(ws.branch(), "main", PolicyInput.TestIntegrity.CLEAN);
      assertThat(change.branch()).isEqualTo("acs/5-change");
      assertThat(change.base()).isEqualTo("main");
      assertThat(change.additions()).isEqualTo(9);
      assertThat(change.files()).hasSize(5);
      assertThat(change.testIntegrity()).isEqualTo(PolicyInput.TestIntegrity.CLEAN);
    }
  }

  @Test
  void noChangeIsAnEmptySummary() throws Exception {
    try (Workspace ws = workspaces.openLocal(dir, "acs/5-change", null)) {
      ChangeSummary s = ws.changeSummary(ws.startedFrom());
      assertThat(s.isEmpty()).isTrue();
      assertThat(s.diff()).isEmpty();
    }
  }

  @Test
  void aHugeDiffLeavesOutWhatDoesNotFitButCountsEverything() throws Exception {
    try (Workspace ws = workspaces.openLocal(dir, "acs/5-change", null)) {
      int bigLines = 120_000; // ~6 MB of diff, over the 5 MiB cap
      write("a-big.txt", lines("0123456789012345678901234567890123456789-", bigLines));
      write("z-small.txt", "AKIA_SECRET_LOOKING_LINE\n");
      ws.commitAll("Big and small", "t-5");

      ChangeSummary s = ws.changeSummary("main");

      assertThat(s.diffTruncated()).isTrue();
      assertThat(s.additions()).isEqualTo(bigLines + 1);
      assertThat(s.files()).extracting(FileChange::path).containsExactly("a-big.txt", "z-small.txt");
      // The big file keeps its header lines and a note that its diff was left out (so that the
      // secret scan reports it as not inspected), not its lines.
      assertThat(s.diff()).contains("AKIA_SECRET_LOOKING_LINE").contains("diff --git a/a-big.txt b/a-big.txt\n")
          .contains(GitBinaryPatch.LEFT_OUT).doesNotContain("+0123456789");
      assertThat(s.diff().length()).isLessThanOrEqualTo(ChangeSummary.MAX_DIFF_BYTES + 1024);
      assertThat(SecretScan.scanChange(s.diff(), List.of(), List.of()).opaque())
          .extracting(SecretScan.Opaque::path).containsExactly("a-big.txt");
    }
  }

  private static String lines(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i + "\n").collect(Collectors.joining());
  }

  private void write(String path, String content) throws Exception {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private void commitAll(String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }
}
