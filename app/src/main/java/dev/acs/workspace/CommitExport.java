package dev.acs.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the files of one commit of a local repository into a fresh directory, as {@code git
 * archive} would: the repository's HEAD, index and working tree are never touched, so a person's
 * own clone can serve (the evaluation of file ranking reads repositories at old base commits).
 * Links and submodules are left out; blobs above {@code maxBytes} too.
 */
public final class CommitExport {
  private CommitExport() {}

  /** Is {@code dir} a git repository (bare, or a working tree with {@code .git})? */
  public static boolean isRepository(Path dir) {
    return Files.isDirectory(dir.resolve(".git")) || Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects"));
  }

  /**
   * Exports {@code commit} (a full or abbreviated id, or a ref) of the repository at {@code repoDir}
   * into {@code target}, which must be empty or absent; returns the number of files written.
   */
  public static int export(Path repoDir, String commit, Path target, long maxBytes) throws IOException {
    Path gitDir = Files.isDirectory(repoDir.resolve(".git")) ? repoDir.resolve(".git") : repoDir;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId id;
      try {
        id = repo.resolve(commit + "^{commit}");
      } catch (MissingObjectException e) {
        id = null;
      }
      if (id == null) {
        throw new WorkspaceException("commit " + commit + " is not in " + repoDir);
      }
      RevCommit c = walk.parseCommit(id);
      int written = 0;
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.addTree(c.getTree());
        tree.setRecursive(true);
        while (tree.next()) {
          if (tree.getFileMode(0) != FileMode.REGULAR_FILE && tree.getFileMode(0) != FileMode.EXECUTABLE_FILE) {
            continue;
          }
          ObjectLoader blob = reader.open(tree.getObjectId(0));
          if (blob.getSize() > maxBytes) {
            continue;
          }
          Path out = target.resolve(ConfinedFiles.normalize(tree.getPathString())).normalize();
          if (!out.startsWith(target)) {
            continue;
          }
          Files.createDirectories(out.getParent());
          try (InputStream in = blob.openStream()) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
          written++;
        }
      }
      return written;
    }
  }
}
