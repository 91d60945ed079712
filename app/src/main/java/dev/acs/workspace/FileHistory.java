package dev.acs.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Which files the recent history of a commit touched: per path, how many of the last commits
 * changed it, how many of those say they fix something, and how many commits ago it last
 * changed. Files that changed often and lately are where the next fix most often goes (the
 * defect-prediction literature's oldest finding); the ranking uses it as a prior, below what the
 * issue itself says. Read only.
 *
 * @param commits how many commits were read (fewer than asked in a young or shallow history)
 */
public record FileHistory(Map<String, Touches> files, int commits) {
  /** No history: a tree that is not a git working tree, or one that could not be read. */
  public static final FileHistory NONE = new FileHistory(Map.of(), 0);
  /** How many commits back the history is read: a few months of a busy project. */
  public static final int COMMITS = 500;
  /** A commit that says it fixes something: its subject names a fix, a bug, an issue number. */
  private static final Pattern FIX = Pattern.compile("(?i)\\b(?:fix|fixe[sd]|bug|issue|regression|crash|error)\\b|#\\d+");

  /**
   * One file's recent history.
   *
   * @param commits the commits that changed it
   * @param fixes those of them that say they fix something
   * @param since how many commits ago it last changed (0: the newest)
   */
  public record Touches(int commits, int fixes, int since) {}

  /** The history of the working tree's HEAD, or {@link #NONE} when it is not a git working tree. */
  public static FileHistory ofTree(Path workTree) {
    Path gitDir = workTree.resolve(".git");
    if (!Files.isDirectory(gitDir)) {
      return NONE;
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
      ObjectId head = repo.resolve("HEAD^{commit}");
      return head == null ? NONE : of(repo, head, COMMITS);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  /** The history of {@code commit} in the repository at {@code repoDir} (bare or not), or {@link #NONE}. */
  public static FileHistory ofCommit(Path repoDir, String commit) {
    Path dir = Files.isDirectory(repoDir.resolve(".git")) ? repoDir.resolve(".git") : repoDir;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
      ObjectId id = repo.resolve(commit + "^{commit}");
      return id == null ? NONE : of(repo, id, COMMITS);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  /**
   * The last {@code limit} commits before and at {@code start}, newest first, each compared with its
   * parent; merges and parentless commits left out.
   */
  static FileHistory of(Repository repo, ObjectId start, int limit) throws IOException {
    Map<String, int[]> seen = new HashMap<>();
    int read = 0;
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader); TreeWalk diff = new TreeWalk(reader)) {
      walk.markStart(walk.parseCommit(start));
      diff.setRecursive(true);
      diff.setFilter(TreeFilter.ANY_DIFF);
      for (RevCommit c = walk.next(); c != null && read < limit; c = walk.next()) {
        if (c.getParentCount() != 1) {
          // A merge's changes are counted in the commits it merges; a first commit (or the
          // cut-off end of a shallow clone, as in CI checkouts) adds every file and says nothing.
          continue;
        }
        boolean fix = FIX.matcher(c.getShortMessage()).find();
        diff.reset();
        diff.addTree(walk.parseCommit(c.getParent(0)).getTree());
        diff.addTree(c.getTree());
        while (diff.next()) {
          int[] t = seen.computeIfAbsent(diff.getPathString(), k -> new int[] {0, 0, -1});
          t[0]++;
          t[1] += fix ? 1 : 0;
          if (t[2] < 0) {
            t[2] = read;
          }
        }
        read++;
      }
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      // A shallow or grafted history ends early: what was read still counts.
    }
    Map<String, Touches> files = new HashMap<>(seen.size() * 2);
    seen.forEach((p, t) -> files.put(p, new Touches(t[0], t[1], t[2])));
    return new FileHistory(Map.copyOf(files), read);
  }

  /** What the history says of {@code path}, or null when the last commits did not touch it. */
  public Touches of(String path) {
    return files.get(path);
  }
}
