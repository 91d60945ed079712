package dev.acs.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time per mirror. Inside the JVM a lock per mirror path (shared by every
 * {@link MirrorCache} instance, hence static); across processes on the same machine ({@code acs
 * serve} and {@code acs run} sharing ACS_WORK_DIR) a file lock beside the mirror. Nodes of a
 * cluster each have their own work dir and mirrors, so nothing is shared between machines.
 */
final class MirrorLock implements AutoCloseable {
  static final Duration WAIT = Duration.ofMinutes(10);

  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final ReentrantLock inProcess;
  private final FileChannel channel;
  private final FileLock fileLock;

  private MirrorLock(ReentrantLock inProcess, FileChannel channel, FileLock fileLock) {
    this.inProcess = inProcess;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  static MirrorLock acquire(Path mirrorDir) {
    Path key = mirrorDir.toAbsolutePath().normalize();
    ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock(true));
    if (lock.isHeldByCurrentThread()) {
      // The file lock is per JVM, so re-entering would throw deep inside NIO; fail clearly instead.
      throw new IllegalStateException("mirror lock for " + key + " is already held by this thread");
    }
    try {
      if (!lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new WorkspaceException("mirror " + key + " is busy: another task has held it for over " + WAIT.toMinutes() + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceException("interrupted while waiting for mirror " + key, e);
    }
    FileChannel channel = null;
    try {
      Path lockFile = key.resolveSibling(key.getFileName() + ".lock");
      Files.createDirectories(lockFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new MirrorLock(lock, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      lock.unlock();
      throw new WorkspaceException("cannot lock mirror " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The lock if nobody holds it right now (in this process or another), else empty: for upkeep
   * that must never wait for, or get in the way of, a task.
   */
  static java.util.Optional<MirrorLock> tryAcquire(Path mirrorDir) {
    Path key = mirrorDir.toAbsolutePath().normalize();
    ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock(true));
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
      return java.util.Optional.empty();
    }
    FileChannel channel = null;
    try {
      Path lockFile = key.resolveSibling(key.getFileName() + ".lock");
      Files.createDirectories(lockFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.tryLock();
      if (fileLock == null) {
        closeQuietly(channel);
        lock.unlock();
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new MirrorLock(lock, channel, fileLock));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      lock.unlock();
      return java.util.Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      fileLock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases it as well.
    } finally {
      closeQuietly(channel);
      inProcess.unlock();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing useful to do; the OS drops the lock with the process.
      }
    }
  }
}
