package dev.acs.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;

/**
 * Reads of one ref of a workspace that are not about the task's own branch: the subjects of the
 * default branch's recent history (to write commit messages in the repository's style) and the
 * paths of files with a given name (its {@code AGENTS.md} files). In a task clone a branch name
 * means the remote's copy ({@code origin/<name>}), so what a task pushed never counts.
 */
public final class BranchReading {
  private BranchReading() {}

  /**
   * The subjects (first lines) of the last {@code max} commits of {@code rev}, newest first,
   * following first parents (merged branches' own commits are not the repository's main line).
   */
  public static List<String> recentSubjects(Workspace ws, String rev, int max) {
    Repository repo = ws.repository();
    List<String> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(ws.resolve(rev)));
      for (RevCommit c : walk) {
        if (out.size() >= max) {
          break;
        }
        out.add(c.getShortMessage());
      }
      return out;
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the history of " + rev + ": " + e.getMessage(), e);
    }
  }

  /** Paths (relative, with {@code /}) of the regular files at {@code rev} whose name is exactly {@code fileName}. */
  public static List<String> pathsNamed(Workspace ws, String rev, String fileName) {
    Repository repo = ws.repository();
    List<String> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(walk.parseCommit(ws.resolve(rev)).getTree());
      tw.setRecursive(true);
      tw.setFilter(PathSuffixFilter.create(fileName));
      while (tw.next()) {
        String path = tw.getPathString();
        boolean exact = path.equals(fileName) || path.endsWith("/" + fileName);
        if (exact && (tw.getFileMode(0).getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
          out.add(path);
        }
      }
      return out;
    } catch (IOException e) {
      throw new WorkspaceException("cannot list " + fileName + " files at " + rev + ": " + e.getMessage(), e);
    }
  }
}
