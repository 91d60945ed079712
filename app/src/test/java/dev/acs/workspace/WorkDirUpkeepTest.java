package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeping task working trees, repacking mirrors and the size cap, on real mirrors and trees. */
class WorkDirUpkeepTest {
  static final String TOKEN = "ghs_UpkeepTestToken0123456789abcdef";
  static final BotIdentity BOT = BotIdentity.forApp("acs-test", 4242L);
  static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path tmp;
  GitHttpServer server;
  WorkspaceSettings settings;
  Workspaces workspaces;
  GitRemote widgets;
  GitRemote gadgets;

  @BeforeEach
  void start() throws Exception {
    server = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    for (String repo : new String[] {"octo/widgets", "octo/gadgets"}) {
      server.createRepository(repo);
      try (PersonClone seed = PersonClone.seed(server, tmp.resolve("seed-" + repo.replace('/', '-')), repo, TOKEN,
          Map.of("README.md", "# " + repo + "\n"))) {
        for (int i = 0; i < 3; i++) {
          seed.commit(Map.of("f" + i + ".txt", "content " + i + "\n"), "Commit " + i);
          seed.push("main");
        }
      }
    }
    widgets = new GitRemote("octo/widgets", server.url("octo/widgets"));
    gadgets = new GitRemote("octo/gadgets", server.url("octo/gadgets"));
    // Kept on close, so that the test decides what is stale (as after a crash).
    settings = new WorkspaceSettings(tmp.resolve("work"), true, BOT);
    workspaces = new Workspaces(settings);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void theSweepRemovesOnlyTreesNobodyNeeds() throws Exception {
    Path running = closedTree("task-running");
    Path ended = closedTree("task-ended");
    Path unknown = closedTree("task-unknown");
    Path idle = closedTree("task-running-but-idle");
    age(idle, Duration.ofHours(30));
    Path noMarker = Files.createDirectories(settings.tasksDir().resolve("left-by-a-crash-123/src"));
    age(noMarker.getParent(), Duration.ofHours(2));
    Path fresh = Files.createDirectories(settings.tasksDir().resolve("being-made-456"));
    for (Path tree : new Path[] {running, ended, unknown}) {
      age(tree, HOUR); // past the grace time for trees being made
    }
    Set<String> runningTasks = Set.of("task-running", "task-running-but-idle");
    WorkDirUpkeep upkeep = new WorkDirUpkeep(new WorkspaceSettings(tmp.resolve("work"), false, BOT), runningTasks::contains,
        upkeepSettings(0), Clock.systemUTC());

    try (Workspace open = workspaces.forTask(widgets, AccessToken.of(TOKEN), "task-unknown-but-open", "acs/1-x", "main")) {
      age(open.dir(), Duration.ofHours(48)); // old and of an unknown task, but open: never touched

      assertThat(upkeep.sweepTrees()).isEqualTo(4);

      assertThat(open.dir()).isDirectory();
    }
    assertThat(running).isDirectory();
    assertThat(fresh).isDirectory();
    assertThat(ended).doesNotExist();
    assertThat(unknown).doesNotExist();
    assertThat(idle).doesNotExist();
    assertThat(noMarker.getParent()).doesNotExist();
  }

  @Test
  void withKeptWorkspacesOnlyIdleTreesGo() throws Exception {
    Path ended = closedTree("task-ended");
    age(ended, HOUR);
    Path idle = closedTree("task-ended-long-ago");
    age(idle, Duration.ofHours(30));
    WorkDirUpkeep upkeep = upkeep(id -> false, 0, Clock.systemUTC());

    assertThat(upkeep.sweepTrees()).isEqualTo(1);

    assertThat(ended).isDirectory();
    assertThat(idle).doesNotExist();
  }

  @Test
  void gcRepacksAFreeMirrorWhichStillWorksAfterwards() throws Exception {
    Path mirror = workspaces.mirrors().pathOf(widgets);
    try (Workspace ws = workspaces.forTask(widgets, AccessToken.of(TOKEN), "task-1", "acs/1-x", "main")) {
      // Borrowed by an open tree: not repacked.
      assertThat(upkeep(id -> true, 0, Clock.systemUTC()).collectGarbage()).isZero();
      deleteTree(ws.dir());
    }
    // A person's push after the clone arrives as a second pack with the next fetch.
    try (PersonClone bob = PersonClone.clone(server, tmp.resolve("bob"), "octo/widgets", TOKEN, "main")) {
      bob.commit(Map.of("bob.txt", "bob\n"), "Bob's change");
      bob.push("main");
    }
    workspaces.mirrors().update(widgets, AccessToken.of(TOKEN));
    assertThat(countPacks(mirror)).isEqualTo(2);

    WorkDirUpkeep upkeep = upkeep(id -> true, 0, Clock.systemUTC());
    assertThat(upkeep.collectGarbage()).isEqualTo(1);
    assertThat(countPacks(mirror)).isEqualTo(1);
    assertThat(mirror.resolve("packed-refs")).exists();
    assertThat(upkeep.collectGarbage()).as("not again within a day").isZero();

    try (Workspace ws = workspaces.forTask(widgets, AccessToken.of(TOKEN), "task-2", "acs/2-y", "main")) {
      assertThat(ws.dir().resolve("bob.txt")).hasContent("bob");
      Files.writeString(ws.dir().resolve("after-gc.txt"), "works\n");
      ws.commitAll("After gc", "task-2").orElseThrow();
      assertThat(ws.push(AccessToken.of(TOKEN)).pushed()).isTrue();
    }
  }

  @Test
  void theSizeCapEvictsTheLeastRecentlyUsedFreeMirror() throws Exception {
    Path widgetsMirror = workspaces.mirrors().update(widgets, AccessToken.of(TOKEN)).dir();
    Path gadgetsMirror = workspaces.mirrors().update(gadgets, AccessToken.of(TOKEN)).dir();
    Files.setLastModifiedTime(widgetsMirror.resolve(MirrorCache.LAST_USED), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    long total = WorkDirUpkeep.sizeOf(settings.workDir());
    WorkDirUpkeep upkeep = upkeep(id -> true, total - 1, Clock.systemUTC());

    assertThat(upkeep.enforceCap()).isEqualTo(1);

    assertThat(widgetsMirror).as("least recently used").doesNotExist();
    assertThat(gadgetsMirror).isDirectory();
    assertThat(WorkDirUpkeep.sizeOf(settings.workDir())).isLessThanOrEqualTo(total - 1);
    // Evicted means cloned again on next use.
    assertThat(workspaces.mirrors().update(widgets, AccessToken.of(TOKEN)).cloned()).isTrue();
  }

  @Test
  void theSizeCapNeverEvictsALockedMirror() throws Exception {
    Path widgetsMirror = workspaces.mirrors().update(widgets, AccessToken.of(TOKEN)).dir();
    Path gadgetsMirror = workspaces.mirrors().update(gadgets, AccessToken.of(TOKEN)).dir();
    Files.setLastModifiedTime(widgetsMirror.resolve(MirrorCache.LAST_USED), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    long total = WorkDirUpkeep.sizeOf(settings.workDir());
    WorkDirUpkeep upkeep = upkeep(id -> true, total - 1, Clock.systemUTC());

    try (MirrorLock held = MirrorLock.acquire(widgetsMirror)) {
      // Held here as a task's fetch would hold it; the upkeep runs on its own thread.
      int[] evicted = new int[1];
      Thread t = Thread.ofPlatform().start(() -> evicted[0] = upkeep.enforceCap());
      t.join();
      assertThat(evicted[0]).isEqualTo(1);
    }
    assertThat(widgetsMirror).as("locked: in use").isDirectory();
    assertThat(gadgetsMirror).doesNotExist();
  }

  @Test
  void theCapComesFromAcsWorkDirMaxGb() {
    assertThat(WorkDirUpkeep.Settings.fromEnv(new Env(Map.of())).maxBytes()).isEqualTo(20L * 1024 * 1024 * 1024);
    assertThat(WorkDirUpkeep.Settings.fromEnv(new Env(Map.of("ACS_WORK_DIR_MAX_GB", "0"))).maxBytes()).isZero();
    assertThatThrownBy(() -> WorkDirUpkeep.Settings.fromEnv(new Env(Map.of("ACS_WORK_DIR_MAX_GB", "lots"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_WORK_DIR_MAX_GB");
    assertThatThrownBy(() -> WorkDirUpkeep.Settings.fromEnv(new Env(Map.of("ACS_WORK_DIR_MAX_GB", "-1"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_WORK_DIR_MAX_GB");
  }

  private WorkDirUpkeep upkeep(java.util.function.Predicate<String> running, long maxBytes, Clock clock) {
    return new WorkDirUpkeep(settings, running, upkeepSettings(maxBytes), clock);
  }

  private static WorkDirUpkeep.Settings upkeepSettings(long maxBytes) {
    return new WorkDirUpkeep.Settings(HOUR, Duration.ofHours(24), Duration.ofMinutes(15), Duration.ofHours(24), maxBytes);
  }

  // A task tree made as a task makes it, then closed and kept (as a crashed process leaves it).
  private Path closedTree(String taskId) {
    try (Workspace ws = workspaces.forTask(widgets, AccessToken.of(TOKEN), taskId, "acs/1-" + taskId, "main")) {
      return ws.dir();
    }
  }

  private static void age(Path tree, Duration by) throws IOException {
    FileTime old = FileTime.from(Instant.now().minus(by));
    Path git = tree.resolve(Constants.DOT_GIT);
    for (Path p : new Path[] {tree, git, git.resolve("index"), git.resolve("HEAD"), git.resolve(TaskTree.MARKER)}) {
      if (Files.exists(p)) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static long countPacks(Path mirror) throws IOException {
    try (Stream<Path> s = Files.list(mirror.resolve("objects/pack"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".pack")).count();
    }
  }
}
