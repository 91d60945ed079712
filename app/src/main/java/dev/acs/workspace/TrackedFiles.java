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
 *
 * <p>It also says which repository the tree belongs to ({@link Snapshot#repository}), so that a
 * new working tree of a repository can start from what was read in another one: a blob id names
 * the same content in every tree of every repository, and the repository only decides where it
 * is worth looking.
 */
public final class TrackedFiles {
  private TrackedFiles() {}

  /** One file of the index; {@code size} is -1 when git could not vouch for the file (a smudged entry). */
  public record Entry(String blobId, long size, long modifiedNanos) {}

  /**
   * HEAD's commit (null on an unborn branch), the index's regular files by path, and what
   * identifies the repository across its working trees (null when nothing does): the URL of its
   * {@code origin} remote (a task's tree, two clones of one repository), else the objects folder
   * it borrows from ({@code objects/info/alternates}: a {@code git clone --shared}).
   */
  public record Snapshot(String headCommit, Map<String, Entry> files, String repository) {
    public Snapshot(String headCommit, Map<String, Entry> files) {
      this(headCommit, files, null);
    }
  }

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
        // A smudged entry (racily clean when git wrote it: its size set to 0) vouches for no file,
        // not even an empty one: a size no file has.
        long size = e.isSmudged() ? -1 : e.getLength();
        files.put(e.getPathString(), new Entry(e.getObjectId().getName(), size, t.getEpochSecond() * 1_000_000_000L + t.getNano()));
      }
      return Optional.of(new Snapshot(head == null ? null : head.getName(), files, repository(repo, gitDir)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** True for names a file system may treat as {@code .git}: git's own files, never read as the tree's. */
  public static boolean isGitName(String name) {
    // Every such name has a g and a t (ASCII: nothing else lower-cases to them): most names are
    // told apart without the full check's two regular expressions, once per file of the tree.
    boolean g = name.indexOf('g') >= 0 || name.indexOf('G') >= 0;
    return g && (name.indexOf('t') >= 0 || name.indexOf('T') >= 0) && ConfinedFiles.isGitName(name);
  }

  private static String repository(Repository repo, Path gitDir) throws IOException {
    String origin = repo.getConfig().getString("remote", "origin", "url");
    if (origin != null && !origin.isBlank()) {
      return "origin " + origin.strip();
    }
    Path alternates = gitDir.resolve("objects").resolve("info").resolve("alternates");
    if (Files.isRegularFile(alternates)) {
      for (String line : Files.readAllLines(alternates, java.nio.charset.StandardCharsets.UTF_8)) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          // Relative entries are relative to the tree's own objects folder.
          Path objects = gitDir.resolve("objects").resolve(l);
          return "objects " + (Files.isDirectory(objects) ? objects.toRealPath() : objects.toAbsolutePath().normalize());
        }
      }
    }
    return null;
  }
}
