package dev.acs.workspace;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code ACS_WORK_DIR} from growing without bound, at start and then every hour: removes
 * task working trees nobody needs any more, repacks mirrors (JGit's gc), and evicts the least
 * recently used mirrors while the folder is over {@code ACS_WORK_DIR_MAX_GB}. It never waits for,
 * and never touches, what a task is using: an open working tree (see {@link TaskTree}), a mirror
 * whose lock is held, or a mirror a remaining working tree borrows objects from.
 */
public final class WorkDirUpkeep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkDirUpkeep.class);
  public static final int DEFAULT_MAX_GB = 20;
  private static final long GB = 1024L * 1024 * 1024;
  static final String LAST_GC = "acs-last-gc";

  /**
   * @param every how often upkeep runs after the first run at start
   * @param idle a tree untouched this long goes even if its task still counts as running
   * @param grace a tree younger than this is left alone (it may be being made)
   * @param gcEvery a mirror is repacked at most this often
   * @param maxBytes the cap on the work directory; 0 for none
   */
  public record Settings(Duration every, Duration idle, Duration grace, Duration gcEvery, long maxBytes) {
    public static Settings fromEnv(Env env) {
      int gb = env.getInt("ACS_WORK_DIR_MAX_GB", DEFAULT_MAX_GB);
      if (gb < 0) {
        throw new ConfigException("ACS_WORK_DIR_MAX_GB must be 0 (no cap) or a number of gigabytes, got " + gb);
      }
      return new Settings(Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(15), Duration.ofHours(24), gb * GB);
    }
  }

  /** What one run did. */
  public record Report(int treesRemoved, int mirrorsCollected, int mirrorsEvicted, long bytesBefore, long bytesAfter) {}

  private final WorkspaceSettings workspace;
  private final Predicate<String> taskRunning;
  private final Settings settings;
  private final Clock clock;
  private ScheduledExecutorService timer;

  /**
   * @param taskRunning whether the task with this id exists and has not ended (the task store
   *     answers; {@code workspace} does not read it itself)
   */
  public WorkDirUpkeep(WorkspaceSettings workspace, Predicate<String> taskRunning, Settings settings, Clock clock) {
    this.workspace = workspace;
    this.taskRunning = taskRunning;
    this.settings = settings;
    this.clock = clock;
  }

  public static WorkDirUpkeep fromEnv(Env env, Predicate<String> taskRunning) {
    return new WorkDirUpkeep(WorkspaceSettings.fromEnv(env), taskRunning, Settings.fromEnv(env), Clock.systemUTC());
  }

  /** Runs now, in the background, and then every {@link Settings#every()} until closed. */
  public synchronized WorkDirUpkeep start() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "acs-workdir-upkeep");
        t.setDaemon(true);
        return t;
      });
      long every = settings.every().toMillis();
      timer.scheduleWithFixedDelay(this::runQuietly, 0, every, TimeUnit.MILLISECONDS);
      log.info("work directory upkeep of {} every {} min (cap {})", workspace.workDir(), settings.every().toMinutes(),
          settings.maxBytes() > 0 ? settings.maxBytes() / GB + " GB" : "none");
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // A bad round must not end the schedule; the next one tries again.
      log.warn("work directory upkeep failed: {}", e.toString());
    }
  }

  /** One round: sweep trees, then repack mirrors, then enforce the cap. */
  public synchronized Report runOnce() {
    long before = sizeOf(workspace.workDir());
    int trees = sweepTrees();
    int collected = collectGarbage();
    int evicted = enforceCap();
    long after = trees + collected + evicted == 0 ? before : sizeOf(workspace.workDir());
    Report r = new Report(trees, collected, evicted, before, after);
    if (trees + collected + evicted > 0) {
      log.info("work directory upkeep: removed {} working tree(s), repacked {} mirror(s), evicted {} mirror(s); {} MB -> {} MB",
          trees, collected, evicted, before / (1024 * 1024), after / (1024 * 1024));
    }
    return r;
  }

  /**
   * Removes a task working tree that no process has open and that is older than the grace time,
   * when its task has ended or is unknown (or it has no marker), or when it has been untouched
   * longer than {@link Settings#idle()}. With {@code ACS_KEEP_WORKSPACES} only the idle rule
   * applies, so ended tasks' trees stay for debugging for a while.
   */
  int sweepTrees() {
    Instant now = clock.instant();
    int removed = 0;
    for (Path tree : children(workspace.tasksDir())) {
      Instant touched = TaskTree.lastTouched(tree);
      if (touched.isAfter(now.minus(settings.grace())) || TaskTree.inUse(tree)) {
        continue;
      }
      boolean idle = touched.isBefore(now.minus(settings.idle()));
      Optional<String> task = TaskTree.taskOf(tree);
      boolean orphan = task.isEmpty() || !taskRunning.test(task.get());
      if (idle || (orphan && !workspace.keepWorkspaces())) {
        log.info("removing working tree {} ({})", tree.getFileName(),
            idle ? "untouched since " + touched : task.map(t -> "task " + t + " is not running").orElse("no task marker"));
        delete(tree);
        removed++;
      }
    }
    // Half-made mirrors of a clone that crashed.
    for (Path owner : children(workspace.mirrorsDir())) {
      for (Path m : children(owner)) {
        if (m.getFileName().toString().contains(".git.tmp-") && modified(m).isBefore(now.minus(settings.idle()))) {
          delete(m);
        }
      }
    }
    return removed;
  }

  /** Repacks each mirror not repacked for {@link Settings#gcEvery()}, when it is free and nobody borrows from it. */
  int collectGarbage() {
    Instant now = clock.instant();
    Set<Path> borrowed = borrowedMirrors();
    int collected = 0;
    for (Path mirror : mirrors()) {
      if (borrowed.contains(mirror) || modified(mirror.resolve(LAST_GC)).isAfter(now.minus(settings.gcEvery()))) {
        continue;
      }
      Optional<MirrorLock> lock = MirrorLock.tryAcquire(mirror);
      if (lock.isEmpty()) {
        continue;
      }
      try (MirrorLock ignored = lock.get(); Git git = Git.open(mirror.toFile())) {
        long started = System.nanoTime();
        // Old packs go at once (JGit keeps them an hour for concurrent readers): the lock is held
        // and no working tree reads this mirror. Set in memory only, for this run.
        git.getRepository().getConfig().setString("gc", null, "prunePackExpire", "now");
        git.gc().call();
        Files.writeString(mirror.resolve(LAST_GC), now + "\n", StandardCharsets.UTF_8);
        log.info("repacked mirror {} in {} ms", workspace.mirrorsDir().relativize(mirror), (System.nanoTime() - started) / 1_000_000);
        collected++;
      } catch (IOException | GitAPIException | RuntimeException e) {
        log.warn("could not repack mirror {}: {}", mirror, e.getMessage());
      }
    }
    return collected;
  }

  /** While the work directory is over the cap, deletes the least recently used mirror that is free and not borrowed. */
  int enforceCap() {
    if (settings.maxBytes() <= 0) {
      return 0;
    }
    long total = sizeOf(workspace.workDir());
    if (total <= settings.maxBytes()) {
      return 0;
    }
    Set<Path> borrowed = borrowedMirrors();
    List<Path> oldestFirst = new ArrayList<>(mirrors());
    oldestFirst.sort(Comparator.comparing(WorkDirUpkeep::lastUsed));
    int evicted = 0;
    for (Path mirror : oldestFirst) {
      if (total <= settings.maxBytes()) {
        break;
      }
      if (borrowed.contains(mirror)) {
        continue;
      }
      Optional<MirrorLock> lock = MirrorLock.tryAcquire(mirror);
      if (lock.isEmpty()) {
        continue;
      }
      try (MirrorLock ignored = lock.get()) {
        long size = sizeOf(mirror);
        delete(mirror);
        total -= size;
        evicted++;
        log.info("evicted mirror {} ({} MB, last used {}): {} is over ACS_WORK_DIR_MAX_GB",
            workspace.mirrorsDir().relativize(mirror), size / (1024 * 1024), lastUsed(mirror), workspace.workDir());
      }
    }
    if (total > settings.maxBytes()) {
      log.warn("{} holds {} MB, over the cap of {} MB, and every remaining mirror is in use", workspace.workDir(),
          total / (1024 * 1024), settings.maxBytes() / (1024 * 1024));
    }
    return evicted;
  }

  // <mirrors>/<owner>/<repo>.git folders (not their lock files or half-made clones).
  private List<Path> mirrors() {
    List<Path> out = new ArrayList<>();
    for (Path owner : children(workspace.mirrorsDir())) {
      for (Path m : children(owner)) {
        if (m.getFileName().toString().endsWith(Constants.DOT_GIT_EXT)) {
          out.add(m.toAbsolutePath().normalize());
        }
      }
    }
    return out;
  }

  // Mirrors whose objects a remaining working tree reads through git alternates.
  private Set<Path> borrowedMirrors() {
    Set<Path> out = new HashSet<>();
    for (Path tree : children(workspace.tasksDir())) {
      Path alternates = tree.resolve(Constants.DOT_GIT).resolve("objects").resolve("info").resolve("alternates");
      try {
        for (String line : Files.readAllLines(alternates, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            Path objects = Path.of(line.strip()).toAbsolutePath().normalize();
            if (objects.getParent() != null) {
              out.add(objects.getParent());
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // no alternates: borrows nothing
      }
    }
    return out;
  }

  private static Instant lastUsed(Path mirror) {
    Instant marked = modified(mirror.resolve(MirrorCache.LAST_USED));
    return marked.equals(Instant.EPOCH) ? modified(mirror) : marked;
  }

  private static Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      log.warn("cannot list {}: {}", dir, e.getMessage());
    }
    return out;
  }

  static long sizeOf(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // removed while we walked
        }
      });
    } catch (IOException e) {
      log.debug("cannot measure {}: {}", dir, e.getMessage());
    }
    return total[0];
  }

  private static void delete(Path dir) {
    try {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING | FileUtils.IGNORE_ERRORS);
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }
}
