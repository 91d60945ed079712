package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACS never pushes on top of a head it did not make: against a real git HTTP server, a person's
 * push before, during and in the middle of ACS's push is never overwritten, never rebased onto,
 * and is named in the outcome.
 */
class PushOverPersonTest {
  static final String TOKEN = "ghs_PushTestToken0123456789abcdef";
  static final String REPO = "octo/widgets";
  static final String BRANCH = "acs/7-add-greeting";
  static final BotIdentity BOT = BotIdentity.forApp("acs-test", 4242L);

  @TempDir Path tmp;
  GitHttpServer server;
  GitRemote remote;
  Workspaces workspaces;
  PersonClone seed;

  @BeforeEach
  void start() throws Exception {
    server = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    server.createRepository(REPO);
    seed = PersonClone.seed(server, tmp.resolve("seed"), REPO, TOKEN,
        Map.of("README.md", "# Widgets\n\nline 1\nline 2\nline 3\n", "src/App.java", "class App {}\n"));
    remote = new GitRemote(REPO, server.url(REPO));
    workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BOT));
  }

  @AfterEach
  void stop() throws Exception {
    seed.close();
    server.close();
  }

  @Test
  void aPersonsCommitOnTheBranchIsNeverPushedOverNorRebasedOnto() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, token(), "task-1", BRANCH, "main");
        PersonClone alice = pushAcsThenCloneAsAlice(ws)) {
      RevCommit human = alice.commit(Map.of("human.txt", "by alice\n"), "Alice's fix");
      assertThat(alice.push(BRANCH)).isEqualTo(RemoteRefUpdate.Status.OK);
      write(ws, "b.txt", "from acs again\n");
      String ours = ws.commitAll("ACS commit B", "task-1").orElseThrow();
      int requestsBefore = server.requests().size();

      PushResult result = ws.push(token());

      assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED_BY_HUMAN_PUSH);
      assertThat(result.pushed()).isFalse();
      assertThat(result.remoteSha()).isEqualTo(human.name());
      assertThat(result.humanCommits()).singleElement().satisfies(c -> {
        assertThat(c.sha()).isEqualTo(human.name());
        assertThat(c.authorName()).isEqualTo("Alice Human");
        assertThat(c.subject()).isEqualTo("Alice's fix");
      });
      assertThat(result.message()).contains("Alice Human").contains(human.name().substring(0, 7)).contains("Alice's fix")
          .contains("pushed nothing");
      assertThat(ServerRepo.log(bare(), BRANCH)).extracting(RevCommit::getShortMessage)
          .containsExactly("Alice's fix", "ACS commit A", "Initial commit");
      assertThat(ws.headSha()).as("ACS's own commit stays local, not rebased").isEqualTo(ours);
      List<String> requests = server.requests();
      assertThat(requests.subList(requestsBefore, requests.size())).as("not even a push attempt")
          .isNotEmpty().noneMatch(r -> r.contains("receive-pack"));
    }
  }

  @Test
  void aPersonsPushBetweenAcsFetchAndPushIsRefusedAndTheirCommitStays() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, token(), "task-1", BRANCH, "main");
        PersonClone alice = pushAcsThenCloneAsAlice(ws)) {
      write(ws, "b.txt", "b\n");
      ws.commitAll("ACS commit B", "task-1");
      RevCommit[] hers = new RevCommit[1];
      // Right after ACS re-reads the branch before its push, Alice pushes.
      server.afterNextRefsRead(() -> hers[0] = pushAs(alice, "late.txt", "Alice pushes late"));

      PushResult result = ws.push(token());

      assertThat(hers[0]).isNotNull();
      assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED_BY_HUMAN_PUSH);
      assertThat(result.humanCommits()).extracting(CommitInfo::sha).containsExactly(hers[0].name());
      assertThat(result.message()).contains("Alice pushes late");
      assertThat(ServerRepo.tip(bare(), BRANCH)).isEqualTo(hers[0].getId());
      assertThat(ServerRepo.log(bare(), BRANCH)).extracting(RevCommit::getShortMessage)
          .containsExactly("Alice pushes late", "ACS commit A", "Initial commit");
    }
  }

  @Test
  void theServerChecksTheExpectedHeadWhenAPersonsPushLandsDuringAcsPush() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, token(), "task-1", BRANCH, "main");
        PersonClone alice = pushAcsThenCloneAsAlice(ws)) {
      write(ws, "b.txt", "b\n");
      ws.commitAll("ACS commit B", "task-1");
      RevCommit[] hers = new RevCommit[1];
      // The server has advertised ACS's commit A as the head and read ACS's command; Alice's
      // push lands before it updates the ref. Only the server can notice now.
      server.beforeNextReceive(() -> hers[0] = pushAs(alice, "during.txt", "Alice pushes during ACS's push"));

      PushResult result = ws.push(token());

      assertThat(hers[0]).isNotNull();
      assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED_BY_HUMAN_PUSH);
      assertThat(result.humanCommits()).extracting(CommitInfo::sha).containsExactly(hers[0].name());
      assertThat(ServerRepo.log(bare(), BRANCH)).extracting(RevCommit::getShortMessage)
          .containsExactly("Alice pushes during ACS's push", "ACS commit A", "Initial commit");
    }
  }

  @Test
  void commitsAPersonRemovedByForcePushingAreNotBroughtBack() throws Exception {
    try (Workspace ws = workspaces.forTask(remote, token(), "task-1", BRANCH, "main");
        PersonClone alice = pushAcsThenCloneAsAlice(ws)) {
      // Alice throws ACS's commit A away: the branch goes back to main.
      try (Git git = Git.open(alice.dir().toFile())) {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef("HEAD~1").call();
        git.push().setForce(true).setCredentialsProvider(new UsernamePasswordCredentialsProvider(GitHttpServer.USER, TOKEN))
            .setRefSpecs(new RefSpec("+refs/heads/" + BRANCH + ":refs/heads/" + BRANCH)).call();
      }
      write(ws, "b.txt", "b\n");
      ws.commitAll("ACS commit B", "task-1");

      PushResult result = ws.push(token());

      assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED_BY_HUMAN_PUSH);
      assertThat(result.message()).contains("was reset on the remote");
      assertThat(ServerRepo.log(bare(), BRANCH)).extracting(RevCommit::getShortMessage).containsExactly("Initial commit");
    }
  }

  @Test
  void anEarlierAcsRunsCommitIsBuiltUponOnce() throws Exception {
    try (Workspace first = workspaces.forTask(remote, token(), "task-1", BRANCH, "main")) {
      write(first, "a.txt", "a\n");
      first.commitAll("ACS commit A", "task-1");
      first.push(token());
      try (Workspace second = workspaces.forTask(remote, token(), "task-1", BRANCH, "main")) {
        // The first run pushes again after the second one started.
        write(first, "b.txt", "b\n");
        first.commitAll("ACS commit B", "task-1");
        assertThat(first.push(token()).outcome()).isEqualTo(PushOutcome.PUSHED);
        write(second, "c.txt", "c\n");
        second.commitAll("ACS commit C", "task-1");

        PushResult result = second.push(token());

        assertThat(result.outcome()).isEqualTo(PushOutcome.REBASED_AND_PUSHED);
        assertThat(result.humanPushed()).isFalse();
        assertThat(ServerRepo.log(bare(), BRANCH)).extracting(RevCommit::getShortMessage)
            .containsExactly("ACS commit C", "ACS commit B", "ACS commit A", "Initial commit");
        assertThat(second.dir().resolve("b.txt")).exists();
      }
    }
  }

  @Test
  void anEarlierAcsRunsConflictingCommitPushesNothing() throws Exception {
    try (Workspace first = workspaces.forTask(remote, token(), "task-1", BRANCH, "main");
        Workspace second = workspaces.forTask(remote, token(), "task-1", BRANCH, "main")) {
      write(first, "README.md", "# Widgets\n\nline 1\nfirst run\nline 3\n");
      first.commitAll("ACS edits line 2", "task-1");
      first.push(token());
      write(second, "README.md", "# Widgets\n\nline 1\nsecond run\nline 3\n");
      String ours = second.commitAll("ACS edits line 2 too", "task-1").orElseThrow();

      PushResult result = second.push(token());

      assertThat(result.outcome()).isEqualTo(PushOutcome.CONFLICT);
      assertThat(result.conflictPaths()).containsExactly("README.md");
      assertThat(second.headSha()).isEqualTo(ours);
      assertThat(ServerRepo.log(bare(), BRANCH)).extracting(RevCommit::getShortMessage)
          .containsExactly("ACS edits line 2", "Initial commit");
    }
  }

  private RevCommit pushAs(PersonClone person, String file, String message) {
    try {
      RevCommit c = person.commit(Map.of(file, message + "\n"), message);
      assertThat(person.push(BRANCH)).isEqualTo(RemoteRefUpdate.Status.OK);
      return c;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private PersonClone pushAcsThenCloneAsAlice(Workspace ws) throws Exception {
    write(ws, "a.txt", "from acs\n");
    ws.commitAll("ACS commit A", "task-1");
    assertThat(ws.push(token()).outcome()).isEqualTo(PushOutcome.PUSHED);
    return PersonClone.clone(server, tmp.resolve("alice"), REPO, TOKEN, BRANCH);
  }

  private static AccessToken token() {
    return AccessToken.of(TOKEN);
  }

  private Path bare() {
    return server.bareDir(REPO);
  }

  private static void write(Workspace ws, String path, String content) throws IOException {
    Path p = ws.dir().resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

}
