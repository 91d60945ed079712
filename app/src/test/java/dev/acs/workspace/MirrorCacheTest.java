package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorCacheTest {
  static final String TOKEN = "ghs_MirrorTestToken0123456789";
  static final String REPO = "Octo/Widgets";

  @TempDir Path tmp;
  GitHttpServer server;
  GitRemote remote;
  MirrorCache mirrors;
  PersonClone alice;

  @BeforeEach
  void start() throws Exception {
    server = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    server.createRepository(REPO);
    Map<String, String> files = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      files.put("src/F" + i + ".java", "class F" + i + " {}\n");
    }
    alice = PersonClone.seed(server, tmp.resolve("alice"), REPO, TOKEN, files);
    remote = new GitRemote(REPO, server.url(REPO));
    mirrors = new MirrorCache(tmp.resolve("work/mirrors"));
  }

  @AfterEach
  void stop() throws Exception {
    alice.close();
    server.close();
  }

  @Test
  void livesUnderOwnerAndRepoInLowerCase() {
    assertThat(mirrors.pathOf(remote)).isEqualTo(tmp.resolve("work/mirrors/octo/widgets.git"));
  }

  @Test
  void clonesOnceThenFetchesOnlyWhatIsNew() throws Exception {
    MirrorCache.Mirror first = mirrors.update(remote, AccessToken.of(TOKEN));
    assertThat(first.cloned()).isTrue();
    assertThat(first.defaultBranch()).contains("main");
    assertThat(ServerRepo.tip(first.dir(), "main")).isEqualTo(ServerRepo.tip(server.bareDir(REPO), "main"));
    long initialObjects = server.sentObjectCounts().get(0);
    assertThat(initialObjects).isGreaterThanOrEqualTo(32); // commit, 2 trees, 30 blobs

    RevCommit onMain = alice.commit(Map.of("src/F1.java", "class F1 { int x; }\n"), "Change F1");
    alice.push("main");
    alice.checkoutNew("feature");
    RevCommit onFeature = alice.commit(Map.of("NOTES.md", "notes\n"), "Notes");
    alice.push("feature");

    MirrorCache.Mirror second = mirrors.update(remote, AccessToken.of(TOKEN));

    assertThat(second.cloned()).isFalse();
    assertThat(second.refsUpdated()).isEqualTo(2);
    assertThat(ServerRepo.tip(second.dir(), "main")).isEqualTo(onMain.getId());
    assertThat(ServerRepo.tip(second.dir(), "feature")).isEqualTo(onFeature.getId());
    // Incremental: only the two new commits with their new trees and blobs travelled.
    List<Long> sent = server.sentObjectCounts();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1)).isLessThanOrEqualTo(8).isLessThan(initialObjects);

    assertThat(mirrors.update(remote, AccessToken.of(TOKEN)).refsUpdated()).isZero();
  }

  @Test
  void branchesDeletedUpstreamArePruned() throws Exception {
    alice.checkoutNew("old");
    alice.commit(Map.of("old.txt", "x\n"), "Old work");
    alice.push("old");
    mirrors.update(remote, AccessToken.of(TOKEN));
    assertThat(ServerRepo.tip(mirrors.pathOf(remote), "old")).isNotNull();

    alice.deleteRemote("old");
    mirrors.update(remote, AccessToken.of(TOKEN));

    assertThat(ServerRepo.tip(mirrors.pathOf(remote), "old")).isNull();
    assertThat(ServerRepo.tip(mirrors.pathOf(remote), "main")).isNotNull();
  }

  @Test
  void anUnusableMirrorFolderIsClonedAgain() throws Exception {
    Path dir = mirrors.pathOf(remote);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("HEAD"), "garbage");
    Files.writeString(dir.resolve("leftover"), "from a crash");

    MirrorCache.Mirror m = mirrors.update(remote, AccessToken.of(TOKEN));

    assertThat(m.cloned()).isTrue();
    assertThat(dir.resolve("leftover")).doesNotExist();
    assertThat(ServerRepo.tip(dir, "main")).isNotNull();
  }

  @Test
  void aFailedFirstCloneLeavesNothingBehind() {
    assertThatThrownBy(() -> mirrors.update(remote, AccessToken.of("ghs_wrong000000000000000")))
        .isInstanceOf(GitAuthenticationException.class);
    assertThat(mirrors.pathOf(remote)).doesNotExist();
    assertThat(mirrors.pathOf(remote).getParent()).isDirectoryNotContaining("glob:**.tmp-*");
  }

  @Test
  void theLockKeepsASecondWriterOutUntilTheFirstIsDone() throws Exception {
    Path dir = mirrors.pathOf(remote);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondGotIn = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = pool.submit(() -> {
        try (MirrorLock ignored = MirrorLock.acquire(dir)) {
          held.countDown();
          release.await(10, TimeUnit.SECONDS);
        }
        return null;
      });
      held.await(10, TimeUnit.SECONDS);
      Future<?> second = pool.submit(() -> {
        try (MirrorLock ignored = MirrorLock.acquire(dir)) {
          secondGotIn.set(true);
        }
      });
      Thread.sleep(300);
      assertThat(secondGotIn).isFalse();
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      assertThat(secondGotIn).isTrue();
    } finally {
      pool.shutdownNow();
    }
    // Another cache instance over the same folder shares the same lock.
    try (MirrorLock ignored = MirrorLock.acquire(dir)) {
      assertThatThrownBy(() -> MirrorLock.acquire(Path.of(dir.toString() + "/../widgets.git")))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void concurrentTasksOnOneRepositoryDoNotCorruptTheMirror() throws Exception {
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 1L)));
    int tasks = 4;
    ExecutorService pool = Executors.newFixedThreadPool(tasks + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          go.await();
          try (Workspace ws = workspaces.forTask(remote, AccessToken.of(TOKEN), "task-" + n, "acs/" + (n + 1) + "-t", "main")) {
            Files.writeString(ws.dir().resolve("task" + n + ".txt"), "n=" + n + "\n");
            ws.commitAll("Task " + n, "task-" + n);
            PushResult r = ws.push(AccessToken.of(TOKEN));
            return r.outcome() + " " + Files.exists(ws.dir().resolve("src/F29.java"));
          }
        }));
      }
      // Meanwhile someone keeps pushing to main, so fetches have work to do.
      Future<?> pusher = pool.submit(() -> {
        go.await();
        for (int i = 0; i < 3; i++) {
          alice.commit(Map.of("src/F0.java", "class F0 { int v" + i + "; }\n"), "Main " + i);
          alice.push("main");
        }
        return null;
      });
      go.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("PUSHED true");
      }
      pusher.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    MirrorCache.Mirror m = mirrors.update(remote, AccessToken.of(TOKEN));
    try (Repository repo = ServerRepo.open(m.dir()); ObjectWalk walk = new ObjectWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefs()) {
        walk.markStart(walk.parseAny(ref.getObjectId()));
      }
      walk.checkConnectivity(); // throws if any reachable object is missing or unreadable
      assertThat(repo.getRefDatabase().getRefsByPrefix("refs/heads/acs/")).hasSize(tasks);
    }
    assertThat(tmp.resolve("work/tasks")).isEmptyDirectory();
  }
}
