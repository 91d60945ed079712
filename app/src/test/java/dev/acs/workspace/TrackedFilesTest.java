package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackedFilesTest {
  @TempDir Path tree;

  @Test
  void theIndexNamesEachFilesBlobSizeAndTimeAndHeadsCommit() throws Exception {
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(tree.resolve("src"));
      Files.writeString(tree.resolve("src/A.java"), "class A {}\n");
      // Written a minute before the index: git records it as clean (a file changed within the
      // index's own timestamp is "racily clean", recorded with size 0 so that it is read again).
      Files.setLastModifiedTime(tree.resolve("src/A.java"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
      git.add().addFilepattern(".").call();
      RevCommit c = git.commit().setMessage("a").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();

      TrackedFiles.Snapshot s = TrackedFiles.of(tree).orElseThrow();

      assertThat(s.headCommit()).isEqualTo(c.getName());
      TrackedFiles.Entry e = s.files().get("src/A.java");
      String blob;
      try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
        blob = f.idFor(Constants.OBJ_BLOB, "class A {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).getName();
      }
      assertThat(e.blobId()).isEqualTo(blob);
      assertThat(e.size()).isEqualTo(Files.size(tree.resolve("src/A.java")));
      assertThat(e.modifiedNanos() / 1_000_000).isEqualTo(Files.getLastModifiedTime(tree.resolve("src/A.java")).toMillis());
    }
  }

  @Test
  void aFolderThatIsNotAWorkingTreeHasNoIndex() throws Exception {
    Files.writeString(tree.resolve("a.txt"), "a");
    assertThat(TrackedFiles.of(tree)).isEmpty();
  }

  @Test
  void aFreshRepositoryWithoutCommitsHasNoHeadYet() throws Exception {
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      Files.writeString(tree.resolve("a.txt"), "a");
      git.add().addFilepattern("a.txt").call();
      TrackedFiles.Snapshot s = TrackedFiles.of(tree).orElseThrow();
      assertThat(s.headCommit()).isNull();
      assertThat(s.files()).containsOnlyKeys("a.txt");
    }
  }

  @Test
  void theRepositoryIsNamedByItsOriginElseByTheObjectsItBorrowsElseNotAtAll(@TempDir Path mirror) throws Exception {
    Git.init().setDirectory(mirror.toFile()).setBare(true).call().close();
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      assertThat(TrackedFiles.of(tree).orElseThrow().repository()).isNull();

      Path alternates = tree.resolve(".git/objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(alternates, mirror.resolve("objects").toAbsolutePath() + "\n");
      assertThat(TrackedFiles.of(tree).orElseThrow().repository()).isEqualTo("objects " + mirror.resolve("objects").toRealPath());

      git.getRepository().getConfig().setString("remote", "origin", "url", "https://github.com/acme/widgets.git");
      git.getRepository().getConfig().save();
      assertThat(TrackedFiles.of(tree).orElseThrow().repository()).isEqualTo("origin https://github.com/acme/widgets.git");
    }
  }
}
