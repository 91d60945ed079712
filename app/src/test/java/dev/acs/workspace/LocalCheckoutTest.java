package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode ({@code acs run --repo DIR}) on a person's own checkout. */
class LocalCheckoutTest {
  static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");
  static final BotIdentity BOT = BotIdentity.forApp("acs", 77L);

  @TempDir Path tmp;
  Path dir;
  Workspaces workspaces;

  @BeforeEach
  void setUp() {
    dir = tmp.resolve("checkout");
    workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BOT));
  }

  @Test
  void aFolderThatIsNotARepositoryIsAClearError() throws Exception {
    Files.createDirectories(dir);
    assertThatThrownBy(() -> workspaces.openLocal(dir, "acs/1-x", null))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining(dir + " is not a git repository");
    assertThatThrownBy(() -> workspaces.openLocal(tmp.resolve("missing"), "acs/1-x", null))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("is not a directory");
  }

  @Test
  void aSubfolderOfACheckoutPointsAtItsTopLevel() throws Exception {
    try (Git git = initWithCommit()) {
      Files.createDirectories(dir.resolve("src/main"));
      assertThatThrownBy(() -> workspaces.openLocal(dir.resolve("src/main"), "acs/1-x", null))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("is inside the git repository at " + dir.toRealPath());
    }
  }

  @Test
  void aBareRepositoryOrOneWithoutCommitsIsRefused() throws Exception {
    Path bare = tmp.resolve("bare.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    assertThatThrownBy(() -> workspaces.openLocal(bare, "acs/1-x", null))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("bare repository");

    Git.init().setDirectory(dir.toFile()).call().close();
    assertThatThrownBy(() -> workspaces.openLocal(dir, "acs/1-x", null))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("has no commits yet");
  }

  @Test
  void aDirtyTreeIsRefusedListingUpToTenPaths() throws Exception {
    try (Git git = initWithCommit()) {
      Files.writeString(dir.resolve("README.md"), "changed\n");
      for (int i = 0; i < 11; i++) {
        Files.writeString(dir.resolve("new" + i + ".txt"), "x");
      }
      String before = git.getRepository().getFullBranch();
      assertThatThrownBy(() -> workspaces.openLocal(dir, "acs/1-x", null))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("has uncommitted changes")
          .hasMessageContaining("README.md (modified)")
          .hasMessageContaining("new0.txt (untracked)")
          .hasMessageContaining("... and 2 more")
          .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.startsWith("  ") && !l.contains("more"))).hasSize(10));
      assertThat(git.getRepository().getFullBranch()).isEqualTo(before);
    }
  }

  @Test
  void ignoredFilesDoNotMakeTheTreeDirty() throws Exception {
    try (Git git = initWithCommit()) {
      Files.writeString(dir.resolve(".gitignore"), "target/\n");
      git.add().addFilepattern(".gitignore").call();
      git.commit().setMessage("ignore").setAuthor(DEV).setCommitter(DEV).setSign(false).call();
      Files.createDirectories(dir.resolve("target"));
      Files.writeString(dir.resolve("target/out.class"), "x");
      try (Workspace ws = workspaces.openLocal(dir, "acs/1-x", null)) {
        assertThat(ws.branch()).isEqualTo("acs/1-x");
      }
    }
  }

  @Test
  void createsTheBranchCommitsAsTheBotAndNeitherPushesNorDeletes() throws Exception {
    try (Git git = initWithCommit()) {
      String start = git.getRepository().resolve("HEAD").name();
      String sha;
      try (Workspace ws = workspaces.openLocal(dir, "acs/12-fix-npe", null)) {
        assertThat(ws.isLocal()).isTrue();
        assertThat(ws.resumed()).isFalse();
        assertThat(ws.startedFrom()).isEqualTo(start);
        assertThat(git.getRepository().getFullBranch()).isEqualTo("refs/heads/acs/12-fix-npe");
        Files.writeString(dir.resolve("Fix.java"), "class Fix {}\n");
        sha = ws.commitAll("Fix the NPE", "local-1").orElseThrow();
        assertThat(ws.changeSummary(ws.startedFrom()).files()).extracting(f -> f.path()).containsExactly("Fix.java");
        assertThatThrownBy(() -> ws.push(AccessToken.NONE)).isInstanceOf(WorkspaceException.class)
            .hasMessageContaining("does not push from a local checkout");
      }
      assertThat(dir.resolve("Fix.java")).exists();
      RevCommit c = git.log().setMaxCount(1).call().iterator().next();
      assertThat(c.name()).isEqualTo(sha);
      assertThat(c.getAuthorIdent().getEmailAddress()).isEqualTo("77+acs[bot]@users.noreply.github.com");
      assertThat(c.getFooterLines("Acs-Task")).containsExactly("local-1");
      assertThat(git.branchList().call()).extracting(r -> r.getName()).contains("refs/heads/main", "refs/heads/acs/12-fix-npe");
    }
  }

  @Test
  void anExistingBranchIsContinuedOnlyWhenCheckedOut() throws Exception {
    try (Git git = initWithCommit()) {
      git.branchCreate().setName("acs/3-x").call();
      assertThatThrownBy(() -> workspaces.openLocal(dir, "acs/3-x", null))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("branch acs/3-x already exists")
          .hasMessageContaining("git branch -D acs/3-x");
      git.checkout().setName("acs/3-x").call();
      try (Workspace ws = workspaces.openLocal(dir, "acs/3-x", null)) {
        assertThat(ws.resumed()).isTrue();
      }
    }
  }

  @Test
  void anUnknownBaseIsAClearError() throws Exception {
    try (Git git = initWithCommit()) {
      assertThatThrownBy(() -> workspaces.openLocal(dir, "acs/3-x", "develop"))
          .isInstanceOf(WorkspaceException.class).hasMessageContaining("base 'develop' is not a branch or tag");
      assertThat(git.getRepository().getFullBranch()).isEqualTo("refs/heads/main");
    }
  }

  private Git initWithCommit() throws Exception {
    Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    Files.writeString(dir.resolve("README.md"), "hello\n");
    git.add().addFilepattern(".").call();
    git.commit().setMessage("first").setAuthor(DEV).setCommitter(DEV).setSign(false).call();
    return git;
  }
}
