package dev.acs.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What git's index says about a working tree's files: the blob each one holds, and the size and
 * modification time it had when git last wrote or checked it. A file whose size and time still
 * match holds that blob, so a scan of the tree can tell the files it has already read (same blob,
 * in this or any other working tree) from those that changed, without reading either — as
 * {@code git status} does. Read only: the index, HEAD and the files are never written.
 */
public final class TrackedFiles {
  private TrackedFiles() {}

  /** One file of the index. */
  public record Entry(String blobId, long size, long modifiedNanos) {}

  /** HEAD's commit (null on an unborn branch) and the index's regular files by path. */
  public record Snapshot(String headCommit, Map<String, Entry> files) {}

  /** The index of the working tree at {@code workTree}, or empty when it is not a git working tree or cannot be read. */
  public static Optional<Snapshot> of(Path workTree) {
    Path gitDir = workTree.resolve(".git");
    if (!Files.isDirectory(gitDir)) {
      // A linked worktree or submodule has a .git file; those are read like untracked trees.
      return Optional.empty();
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(workTree.toFile()).setMustExist(true).build()) {
      ObjectId head = repo.resolve("HEAD^{commit}");
      DirCache index = repo.readDirCache();
      Map<String, Entry> files = new HashMap<>(index.getEntryCount() * 2);
      for (int i = 0; i < index.getEntryCount(); i++) {
        DirCacheEntry e = index.getEntry(i);
        if (e.getStage() != DirCacheEntry.STAGE_0
            || e.getFileMode() != FileMode.REGULAR_FILE && e.getFileMode() != FileMode.EXECUTABLE_FILE) {
          continue;
        }
        java.time.Instant t = e.getLastModifiedInstant();
        files.put(e.getPathString(), new Entry(e.getObjectId().getName(), e.getLength(), t.getEpochSecond() * 1_000_000_000L + t.getNano()));
      }
      return Optional.of(new Snapshot(head == null ? null : head.getName(), files));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
