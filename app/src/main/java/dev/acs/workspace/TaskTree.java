package dev.acs.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;

/**
 * What the sweep needs to know about a task working tree under {@code <work>/tasks/}: which task
 * made it (a marker file in its {@code .git}), whether a process has it open (a file lock on the
 * marker, held from {@link Workspaces#forTask} to {@link Workspace#close}, so it counts for every
 * process sharing the work directory and for this one), and when it was last touched.
 */
final class TaskTree {
  static final String MARKER = "acs-task";
  // Trees this process has open; the file lock alone cannot tell (see inUse).
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private TaskTree() {}

  static void writeMarker(Path tree, String taskId) throws IOException {
    Files.writeString(marker(tree), taskId + "\n", StandardCharsets.UTF_8);
  }

  /** The task that made the tree; empty for a tree without a marker (made before markers, or half made). */
  static Optional<String> taskOf(Path tree) {
    try {
      String id = Files.readString(marker(tree), StandardCharsets.UTF_8).strip();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Marks the tree as open until the returned handle is closed. */
  static AutoCloseable hold(Path tree) {
    Path key = tree.toAbsolutePath().normalize();
    HELD.add(key);
    FileChannel channel = null;
    FileLock lock = null;
    try {
      channel = FileChannel.open(marker(key), StandardOpenOption.WRITE);
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      // Still held for this process (HELD); another process may not see it while it lasts.
    }
    FileChannel c = channel;
    FileLock l = lock;
    return () -> {
      try {
        if (l != null) {
          l.release();
        }
      } finally {
        closeQuietly(c);
        HELD.remove(key);
      }
    };
  }

  /** True while some process (this one included) has the tree open. */
  static boolean inUse(Path tree) {
    Path key = tree.toAbsolutePath().normalize();
    // Checked first: on Linux, closing any channel on a file drops this process's lock on it.
    if (HELD.contains(key)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(marker(key), StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return true; // cannot tell: leave it
    }
  }

  /** The newest change to the tree's own folder, its git folder, index or HEAD. */
  static Instant lastTouched(Path tree) {
    Path git = tree.resolve(Constants.DOT_GIT);
    Instant newest = Instant.EPOCH;
    for (Path p : List.of(tree, git, git.resolve("index"), git.resolve(Constants.HEAD), git.resolve(MARKER))) {
      try {
        Instant t = Files.getLastModifiedTime(p).toInstant();
        if (t.isAfter(newest)) {
          newest = t;
        }
      } catch (IOException ignored) {
        // missing: does not count
      }
    }
    return newest;
  }

  private static Path marker(Path tree) {
    return tree.resolve(Constants.DOT_GIT).resolve(MARKER);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
