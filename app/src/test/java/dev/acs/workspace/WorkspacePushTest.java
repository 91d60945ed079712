package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.acs.testing.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** ACS's pushes against a real git HTTP server that checks tokens like GitHub does. */
class WorkspacePushTest {
  static final String TOKEN = "ghs_PushTestToken0123456789abcdef";
  static final String REPO = "octo/widgets";
  static final String BRANCH = "acs/7-add-greeting";
  static final BotIdentity BOT = BotIdentity.forApp("acs-test", 4242L);

  @TempDir Path tmp;
  GitHttpServer server;
  GitRemote remote;
  Workspaces workspaces;
  PersonClone seed;
  ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void start() throws Exception {
    server = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    server.createRepository(REPO);
    seed = PersonClone.seed(server, tmp.resolve("seed"), REPO, TOKEN,
        Map.of("README.md", "# Widgets\n\nline 1\nline 2\nline 3\n", "src/App.java", "class App {}\n"));
    remote = new GitRemote(REPO, server.url(REPO));
    workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BOT));
    logs = new ListAppender<>();
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    root().detachAppender(logs);
    seed.close();
    server.close();
  }

  @Test
  void pushesANewBranchAsTheBotWithTheTaskTrailer() throws Exception {
    ObjectId main = ServerRepo.tip(bare(), "main");
    int unauthorizedBefore = server.unauthorizedCount();
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      assertThat(ws.resumed()).isFalse();
      assertThat(ws.dir().resolve("README.md")).exists();
      write(ws, "GREETING.txt", "hello\n");
      String sha = ws.commitAll("Add greeting\n\nCloses #7", "task-1").orElseThrow();

      PushResult result = ws.push(AccessToken.of(TOKEN));

      assertThat(result.outcome()).isEqualTo(PushOutcome.PUSHED);
      assertThat(result.headSha()).isEqualTo(sha);
      assertThat(result.humanPushed()).isFalse();
      assertThat(ServerRepo.tip(bare(), BRANCH).name()).isEqualTo(sha);
      RevCommit pushed = ServerRepo.log(bare(), BRANCH).get(0);
      assertThat(pushed.getAuthorIdent().getName()).isEqualTo("acs-test[bot]");
      assertThat(pushed.getAuthorIdent().getEmailAddress()).isEqualTo("4242+acs-test[bot]@users.noreply.github.com");
      assertThat(pushed.getCommitterIdent().getEmailAddress()).isEqualTo(BOT.email());
      assertThat(pushed.getFooterLines(TaskTrailer.KEY)).containsExactly("task-1");
      assertThat(pushed.getFullMessage()).isEqualTo("Add greeting\n\nCloses #7\n\nAcs-Task: task-1\n");
      assertThat(pushed.getParent(0).getId()).isEqualTo(main);
      // The token is sent up front, so GitHub never has to answer 401 first.
      assertThat(server.unauthorizedCount()).isEqualTo(unauthorizedBefore);

      assertThat(ws.push(AccessToken.of(TOKEN)).outcome()).isEqualTo(PushOutcome.NOTHING_TO_PUSH);
    }
  }

  @Test
  void aWrongTokenIsAClearAuthenticationErrorThatDoesNotShowTheToken() throws Exception {
    String wrong = "ghs_WrongToken99999999999999999";
    assertThatThrownBy(() -> workspaces.forTask(remote, AccessToken.of(wrong), "task-1", BRANCH, "main"))
        .isInstanceOf(GitAuthenticationException.class)
        .hasMessageContaining("fetch octo/widgets")
        .hasMessageContaining("refused the access token")
        .hasMessageNotContaining(wrong);
    assertThatThrownBy(() -> workspaces.forTask(remote, AccessToken.NONE, "task-1", BRANCH, "main"))
        .isInstanceOf(GitAuthenticationException.class)
        .hasMessageContaining("no access token was given");
    assertNoWorkingTrees();

    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      write(ws, "GREETING.txt", "hello\n");
      ws.commitAll("Add greeting", "task-1");
      assertThatThrownBy(() -> ws.push(AccessToken.of(wrong)))
          .isInstanceOf(GitAuthenticationException.class)
          // The push starts by reading the branch again, so the refusal comes from that fetch.
          .hasMessageContaining("fetch " + BRANCH + " from octo/widgets")
          .hasMessageContaining("refused the access token")
          .hasMessageNotContaining(wrong);
    }
    assertThat(ServerRepo.tip(bare(), BRANCH)).isNull();
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(wrong));
  }

  @Test
  void theTokenIsNeverWrittenToDiskOrLogged() throws Exception {
    Workspaces keeping = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), true, BOT));
    Path dir;
    try (Workspace ws = keeping.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      dir = ws.dir();
      write(ws, "GREETING.txt", "hello\n");
      ws.commitAll("Add greeting", "task-1");
      assertThat(ws.push(AccessToken.of(TOKEN)).outcome()).isEqualTo(PushOutcome.PUSHED);
    }
    assertThat(dir).exists();
    String config = Files.readString(dir.resolve(".git/config"));
    assertThat(config).contains("url = " + server.url(REPO)).doesNotContain(TOKEN).doesNotContain("x-access-token");
    try (Stream<Path> files = Files.walk(tmp.resolve("work"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(TOKEN);
      }
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(TOKEN));
  }

  @Test
  void aResumedTaskSeesWhichCommitsOnTheBranchAreNotAcss() throws Exception {
    RevCommit human;
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main");
        PersonClone alice = pushAcsThenCloneAsAlice(ws)) {
      human = alice.commit(Map.of("human.txt", "by alice\n"), "Alice's fix");
      alice.push(BRANCH);
    }

    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-2", BRANCH, "main")) {
      assertThat(ws.resumed()).isTrue();
      assertThat(ws.startedFrom()).isEqualTo(human.name());
      assertThat(ws.dir().resolve("human.txt")).exists();
      assertThat(ws.dir().resolve("a.txt")).exists();
      List<CommitInfo> commits = ws.remoteBranchCommits("main");
      assertThat(commits).extracting(CommitInfo::subject).containsExactly("Alice's fix", "ACS commit A");
      assertThat(commits).extracting(CommitInfo::byAcs).containsExactly(false, true);
      assertThat(commits.get(1).acsTask()).isEqualTo("task-1");
    }
  }

  @Test
  void aCommitWithTheBotsNameButNoTrailerIsNotAcss() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      var spoof = new org.eclipse.jgit.lib.PersonIdent(BOT.name(), BOT.email());
      try (org.eclipse.jgit.api.Git git = new org.eclipse.jgit.api.Git(ws.repository())) {
        write(ws, "x.txt", "x\n");
        git.add().addFilepattern(".").call();
        RevCommit c = git.commit().setMessage("looks like ACS").setAuthor(spoof).setCommitter(spoof).setSign(false).call();
        assertThat(ws.describe(c).byAcs()).isFalse();
      }
    }
  }

  @Test
  void aProtectedBranchIsReportedAsRefusedByTheServer() throws Exception {
    server.protectBranch(BRANCH);
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      write(ws, "a.txt", "a\n");
      ws.commitAll("ACS commit", "task-1");
      PushResult result = ws.push(AccessToken.of(TOKEN));
      assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED_BY_REMOTE);
      assertThat(result.message()).contains("protected branch hook declined");
    }
    assertThat(ServerRepo.tip(bare(), BRANCH)).isNull();
  }

  @Test
  void nothingToCommitAndNothingToPush() throws Exception {
    int before = server.requests().size();
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      assertThat(ws.commitAll("nothing", "task-1")).isEmpty();
      assertThat(ws.push(AccessToken.of(TOKEN)).outcome()).isEqualTo(PushOutcome.NOTHING_TO_PUSH);
    }
    List<String> requests = server.requests();
    assertThat(requests.subList(before, requests.size())).isNotEmpty().noneMatch(r -> r.contains("receive-pack"));
  }

  @Test
  void commitAllStagesNewModifiedAndDeletedFiles() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      write(ws, "src/New.java", "class New {}\n");
      write(ws, "README.md", "# Widgets, changed\n");
      Files.delete(ws.dir().resolve("src/App.java"));
      ws.commitAll("Three kinds of change", "task-1");
      ChangeSummary s = ws.changeSummary("main");
      assertThat(s.files()).extracting(f -> f.path() + ":" + f.status())
          .containsExactlyInAnyOrder("src/New.java:added", "README.md:modified", "src/App.java:removed");
    }
  }

  @Test
  void theWorkingTreeIsDeletedWhenTheTaskEndsUnlessKept() throws Exception {
    Path dir;
    try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "main")) {
      dir = ws.dir();
      assertThat(dir).startsWith(tmp.resolve("work/tasks"));
      assertThat(dir.getFileName().toString()).startsWith("task-1-");
    }
    assertThat(dir).doesNotExist();
    assertThat(workspaces.mirrors().pathOf(remote)).isDirectory();

    Workspaces keeping = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), true, BOT));
    try (Workspace ws = keeping.forTask(remote, AccessToken.of(TOKEN), "task-2", BRANCH, "main")) {
      dir = ws.dir();
    }
    assertThat(dir.resolve("README.md")).exists();
  }

  @Test
  void aMissingBaseBranchIsAClearErrorAndLeavesNoTree() throws IOException {
    assertThatThrownBy(() -> workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", BRANCH, "develop"))
        .isInstanceOf(WorkspaceException.class).hasMessage("base branch 'develop' does not exist in octo/widgets");
    assertNoWorkingTrees();
  }

  @Test
  void aRedirectCannotCarryTheTokenToAnotherServer(@TempDir Path other) throws Exception {
    try (GitHttpServer elsewhere = GitHttpServer.start(other, "ghs_other")) {
      elsewhere.createRepository(REPO);
      server.redirect("octo/moved", elsewhere.url(REPO));
      GitRemote moved = GitRemote.of("octo/moved", server.url("octo/moved").toString());
      assertThatThrownBy(() -> workspaces.forTask(moved, AccessToken.of(TOKEN), "task-1", BRANCH, "main"))
          .isInstanceOf(WorkspaceException.class).hasMessageNotContaining(TOKEN);
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void acsNeverWorksDirectlyOnTheBaseBranch() {
    assertThatThrownBy(() -> workspaces.forTask(remote, AccessToken.of(TOKEN), "task-1", "main", "main"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on the base branch main");
  }

  @Test
  void theTokenIsNotSentOverPlainHttpToAnotherHost() {
    GitRemote plain = GitRemote.of(REPO, "http://git.example.invalid/octo/widgets.git");
    assertThatThrownBy(() -> workspaces.forTask(plain, AccessToken.of(TOKEN), "task-1", BRANCH, "main"))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("refusing to send the access token");
  }

  private PersonClone pushAcsThenCloneAsAlice(Workspace ws) throws Exception {
    write(ws, "a.txt", "from acs\n");
    ws.commitAll("ACS commit A", "task-1");
    assertThat(ws.push(AccessToken.of(TOKEN)).outcome()).isEqualTo(PushOutcome.PUSHED);
    return PersonClone.clone(server, tmp.resolve("alice"), REPO, TOKEN, BRANCH);
  }

  private void assertNoWorkingTrees() throws IOException {
    Path tasks = tmp.resolve("work/tasks");
    if (Files.exists(tasks)) {
      assertThat(tasks).isEmptyDirectory();
    }
  }

  private Path bare() {
    return server.bareDir(REPO);
  }

  private static void write(Workspace ws, String path, String content) throws IOException {
    Path p = ws.dir().resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
