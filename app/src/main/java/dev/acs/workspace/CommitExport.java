package dev.acs.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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
 * Links and submodules are left out; blobs above {@code maxBytes} too, and blobs the repository
 * does not hold (a snapshot or partial clone without its largest files) or whose name no file
 * here may have (a control character), which are named in the result so that a caller can tell
 * whether it needed them.
 */
public final class CommitExport {
  private CommitExport() {}

  /** What an export wrote: the number of files, and the paths it left out (blob lacking, or a name no file may have). */
  public record Result(int written, List<String> missing) {}

  /** Is {@code dir} a git repository (bare, or a working tree with {@code .git})? */
  public static boolean isRepository(Path dir) {
    return Files.isDirectory(dir.resolve(".git")) || Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects"));
  }

  /**
   * Exports {@code commit} (a full or abbreviated id, or a ref) of the repository at {@code repoDir}
   * into {@code target}, which must be empty or absent.
   */
  public static Result export(Path repoDir, String commit, Path target, long maxBytes) throws IOException {
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
      List<String> missing = new ArrayList<>();
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.addTree(c.getTree());
        tree.setRecursive(true);
        while (tree.next()) {
          if (tree.getFileMode(0) != FileMode.REGULAR_FILE && tree.getFileMode(0) != FileMode.EXECUTABLE_FILE) {
            continue;
          }
          ObjectLoader blob;
          try {
            blob = reader.open(tree.getObjectId(0));
          } catch (MissingObjectException e) {
            missing.add(tree.getPathString());
            continue;
          }
          if (blob.getSize() > maxBytes) {
            continue;
          }
          String name;
          try {
            name = ConfinedFiles.normalize(tree.getPathString());
          } catch (ConfinedFiles.Rejected e) {
            // A name git accepts but no file here may have (a control character, a backslash):
            // left out and named, as a lacking blob is, so that only a caller needing it fails.
            missing.add(tree.getPathString());
            continue;
          }
          Path out = target.resolve(name).normalize();
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
      return new Result(written, List.copyOf(missing));
    }
  }
}
