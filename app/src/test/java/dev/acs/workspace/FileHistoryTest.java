package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHistoryTest {
  @TempDir Path tree;

  private static RevCommit commit(Git git, Path tree, String path, String text, String message) throws Exception {
    Path f = tree.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    git.add().addFilepattern(path).call();
    return git.commit().setMessage(message).setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();
  }

  @Test
  void countsTheCommitsThatChangedEachFileTheFixesAmongThemAndHowLongAgo() throws Exception {
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      commit(git, tree, "README.md", "x\n", "First commit");
      commit(git, tree, "src/a.py", "a = 1\n", "Add a");
      commit(git, tree, "src/b.py", "b = 1\n", "Add b");
      commit(git, tree, "src/a.py", "a = 2\n", "Fix #12: a was wrong");
      commit(git, tree, "docs/readme.md", "hi\n", "Document it");

      FileHistory h = FileHistory.ofTree(tree);

      assertThat(h.commits()).isEqualTo(4);
      assertThat(h.of("src/a.py")).isEqualTo(new FileHistory.Touches(2, 1, 1));
      assertThat(h.of("src/b.py")).isEqualTo(new FileHistory.Touches(1, 0, 2));
      assertThat(h.of("docs/readme.md")).isEqualTo(new FileHistory.Touches(1, 0, 0));
      assertThat(h.of("src/c.py")).isNull();
      // The first commit adds every file it has: it says nothing of any.
      assertThat(h.of("README.md")).isNull();
    }
  }

  @Test
  void readsAtMostTheLimitAndLeavesMergesOut() throws Exception {
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      commit(git, tree, "old.py", "x\n", "Old");
      commit(git, tree, "a.py", "1\n", "One");
      git.checkout().setCreateBranch(true).setName("side").call();
      commit(git, tree, "side.py", "s\n", "Side");
      git.checkout().setName("main").call();
      commit(git, tree, "a.py", "2\n", "Two");
      git.merge().include(git.getRepository().resolve("side")).setFastForward(MergeCommand.FastForwardMode.NO_FF)
          .setMessage("Merge side").call();

      try (var repo = git.getRepository()) {
        FileHistory all = FileHistory.of(repo, repo.resolve("HEAD"), 100);
        // The merge is not a commit of its own here: side.py counts once, through the commit that
        // wrote it; the first commit (old.py) is left out too.
        assertThat(all.commits()).isEqualTo(3);
        assertThat(all.of("side.py").commits()).isEqualTo(1);
        assertThat(all.of("a.py").commits()).isEqualTo(2);

        FileHistory two = FileHistory.of(repo, repo.resolve("HEAD"), 2);
        assertThat(two.commits()).isEqualTo(2);
        assertThat(two.of("old.py")).isNull();
        assertThat(all.of("old.py")).isNull();
      }
    }
  }

  @Test
  void aCommitOfABareRepositoryIsReadAsItsHeadWouldBe(@TempDir Path bare) throws Exception {
    String first;
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      commit(git, tree, "README.md", "x\n", "First commit");
      first = commit(git, tree, "a.py", "1\n", "One").getName();
      commit(git, tree, "b.py", "1\n", "Fix the bug in b");
    }
    Git.cloneRepository().setURI(tree.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();

    FileHistory atFirst = FileHistory.ofCommit(bare, first);
    assertThat(atFirst.commits()).isEqualTo(1);
    assertThat(atFirst.of("b.py")).isNull();
    assertThat(FileHistory.ofCommit(bare, "main").of("b.py")).isEqualTo(new FileHistory.Touches(1, 1, 0));
  }

  @Test
  void aFolderThatIsNotARepositoryOrAnUnknownCommitHasNoHistory(@TempDir Path plain) throws Exception {
    Files.writeString(plain.resolve("a.py"), "a");
    assertThat(FileHistory.ofTree(plain)).isEqualTo(FileHistory.NONE);
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      commit(git, tree, "a.py", "1\n", "One");
    }
    assertThat(FileHistory.ofCommit(tree, "0123456789abcdef0123456789abcdef01234567")).isEqualTo(FileHistory.NONE);
    assertThat(FileHistory.ofCommit(plain, "HEAD")).isEqualTo(FileHistory.NONE);
  }

  @Test
  void aShallowClonesCutOffEndSaysNothing(@TempDir Path shallow) throws Exception {
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      commit(git, tree, "a.py", "1\n", "One");
      commit(git, tree, "b.py", "1\n", "Two");
      commit(git, tree, "c.py", "1\n", "Three");
    }
    // A CI checkout of depth 2: its older commit has no parent here and would seem to add every file.
    Git.cloneRepository().setURI(tree.toUri().toString()).setDirectory(shallow.toFile()).setDepth(2).call().close();

    FileHistory h = FileHistory.ofTree(shallow);
    assertThat(h.commits()).isEqualTo(1);
    assertThat(h.files()).containsOnlyKeys("c.py");
  }
}
