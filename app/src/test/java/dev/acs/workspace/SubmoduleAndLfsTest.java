package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.Json;
import dev.acs.policy.PolicyInput.FileChange;
import dev.acs.testing.GitHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository with a git submodule (added with JGit's own {@code submodule add} from a second
 * repository on the server) and a Git LFS file (a pointer, tracked by {@code .gitattributes}):
 * ACS's commits keep both byte for byte, its tools refuse to touch them, and a change that removes
 * the submodule is flagged for the policy.
 */
class SubmoduleAndLfsTest {
  static final String TOKEN = "ghs_SubmoduleTestToken0123456789ab";
  static final String REPO = "octo/app";
  static final String LIB = "octo/lib";
  static final String BRANCH = "acs/9-docs";
  static final String POINTER = "version https://git-lfs.github.com/spec/v1\n"
      + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
      + "size 104857600\n";

  @TempDir Path tmp;
  GitHttpServer server;
  GitRemote remote;
  Workspaces workspaces;
  ObjectId gitlink;
  ObjectId pointerBlob;

  @BeforeEach
  void start() throws Exception {
    server = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    server.createRepository(REPO);
    server.createRepository(LIB);
    try (PersonClone lib = PersonClone.seed(server, tmp.resolve("lib"), LIB, TOKEN, Map.of("lib.txt", "library\n"))) {
      gitlink = lib.commit(Map.of("lib2.txt", "more\n"), "Library v2");
      lib.push("main");
    }
    try (Git app = Git.init().setInitialBranch("main").setDirectory(tmp.resolve("app").toFile()).call()) {
      Path dir = tmp.resolve("app");
      Files.writeString(dir.resolve("README.md"), "# App\n");
      Files.writeString(dir.resolve(".gitattributes"), "*.bin filter=lfs diff=lfs merge=lfs -text\n");
      Files.createDirectories(dir.resolve("assets"));
      Files.writeString(dir.resolve("assets/model.bin"), POINTER);
      app.add().addFilepattern(".").call();
      var creds = new UsernamePasswordCredentialsProvider(GitHttpServer.USER, TOKEN);
      try (Repository sub = app.submoduleAdd().setPath("libs/lib").setURI(server.url(LIB).toString())
          .setCredentialsProvider(creds).call()) {
        assertThat(sub.resolve("HEAD")).isEqualTo(gitlink);
      }
      PersonIdent alice = PersonClone.ALICE;
      app.commit().setMessage("App with a submodule and an LFS file").setAuthor(alice).setCommitter(alice).setSign(false).call();
      app.push().setRemote(server.url(REPO).toString()).setCredentialsProvider(creds)
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("refs/heads/main:refs/heads/main")).call();
    }
    pointerBlob = entry("main", "assets/model.bin").id();
    assertThat(entry("main", "libs/lib")).isEqualTo(new Entry(FileMode.GITLINK, gitlink));
    remote = new GitRemote(REPO, server.url(REPO));
    workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs-test", 4242L)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void anAcsCommitKeepsTheSubmoduleAndTheLfsPointerByteForByte() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-9", BRANCH, "main")) {
      // ACS never fills the submodule: its folder is there and empty, which `add -u` took for a deletion.
      assertThat(ws.dir().resolve("libs/lib")).isEmptyDirectory();
      assertThat(ws.dir().resolve("assets/model.bin")).hasContent(POINTER.strip());
      new ConfinedFiles(ws.dir()).writeString("README.md", "# App\n\nNow with docs.\n");
      ws.commitAll("Document the app", "task-9").orElseThrow();

      assertThat(ws.push(AccessToken.of(TOKEN)).pushed()).isTrue();

      assertThat(entry(BRANCH, "libs/lib")).isEqualTo(new Entry(FileMode.GITLINK, gitlink));
      assertThat(entry(BRANCH, "assets/model.bin")).isEqualTo(new Entry(FileMode.REGULAR_FILE, pointerBlob));
      assertThat(ws.changeSummary("main").files()).extracting(f -> f.path() + ":" + f.status() + ":" + f.submodule())
          .containsExactly("README.md:modified:false");
    }
  }

  @Test
  void stagingLeavesTheSubmoduleAndLfsFilesAloneEvenWhenSomethingElseChangedThem() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-9", BRANCH, "main")) {
      // A build step, not the model's tools: fills the LFS file and drops a file in the submodule.
      Files.writeString(ws.dir().resolve("assets/model.bin"), "the real 100 MB model\n");
      Files.writeString(ws.dir().resolve("libs/lib/generated.txt"), "x\n");
      Files.writeString(ws.dir().resolve("NOTES.md"), "notes\n");
      ws.commitAll("Add notes", "task-9").orElseThrow();

      assertThat(ws.changeSummary("main").files()).extracting(FileChange::path).containsExactly("NOTES.md");
    }
  }

  @Test
  void theToolsRefuseLfsFilesAndSubmodulesWithAClearError() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-9", BRANCH, "main")) {
      ConfinedFiles files = new ConfinedFiles(ws.dir());
      assertThatThrownBy(() -> files.writeString("assets/model.bin", "content"))
          .isInstanceOf(ConfinedFiles.Rejected.class).hasMessageContaining("'assets/model.bin' is a Git LFS file");
      assertThatThrownBy(() -> files.writeString("assets/new.bin", "content"))
          .isInstanceOf(ConfinedFiles.Rejected.class).hasMessageContaining("Git LFS file");
      assertThatThrownBy(() -> files.delete("assets/model.bin"))
          .isInstanceOf(ConfinedFiles.Rejected.class).hasMessageContaining("does not create, change or delete LFS files");
      assertThatThrownBy(() -> files.writeString("libs/lib/lib.txt", "changed"))
          .isInstanceOf(ConfinedFiles.Rejected.class).hasMessageContaining("inside the git submodule 'libs/lib'");
      // Reading is fine: the model sees that it is a pointer.
      assertThat(files.readString("assets/model.bin")).startsWith("version https://git-lfs.github.com/spec/v1");
      files.writeString("src/ok.txt", "fine\n");
      assertThat(Files.readString(ws.dir().resolve("assets/model.bin"), StandardCharsets.UTF_8)).isEqualTo(POINTER);
    }
  }

  @Test
  void aChangeThatRemovesTheSubmoduleIsFlaggedForThePolicy() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-9", BRANCH, "main");
        Git git = new Git(ws.repository())) {
      // Not something ACS's staging does any more; a change made by other means, as the gate sees it.
      git.rm().setCached(true).addFilepattern("libs/lib").call();
      Files.writeString(ws.dir().resolve("README.md"), "# App without lib\n");
      git.add().addFilepattern("README.md").call();
      git.commit().setMessage("drop lib").setSign(false).call();

      var files = ws.changeSummary("main").files();

      assertThat(files).extracting(f -> f.path() + ":" + f.status() + ":" + f.submodule())
          .containsExactlyInAnyOrder("libs/lib:removed:true", "README.md:modified:false");
      String json = Json.MAPPER.writeValueAsString(files);
      assertThat(json).contains("\"path\":\"libs/lib\",\"status\":\"removed\"").contains("\"submodule\":true");
      assertThat(Json.MAPPER.writeValueAsString(files.stream().filter(f -> !f.submodule()).toList()))
          .as("the field is only sent when true").doesNotContain("submodule");
    }
  }

  record Entry(FileMode mode, ObjectId id) {}

  private Entry entry(String branch, String path) throws Exception {
    try (Repository bare = new FileRepositoryBuilder().setGitDir(server.bareDir(REPO).toFile()).build();
        RevWalk walk = new RevWalk(bare)) {
      RevCommit tip = walk.parseCommit(bare.resolve("refs/heads/" + branch));
      try (TreeWalk tw = TreeWalk.forPath(bare, path, tip.getTree())) {
        return tw == null ? null : new Entry(tw.getFileMode(0), tw.getObjectId(0));
      }
    }
  }
}
