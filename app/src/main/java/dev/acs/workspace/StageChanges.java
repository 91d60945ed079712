package dev.acs.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RmCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages what changed in the working tree, path by path, instead of {@code git add -A}: files that
 * differ from the index, new files git does not ignore, and deleted files. Submodules are never
 * staged (ACS does not fill them, so their folder is empty and {@code add -u} would record the
 * submodule as deleted), nor anything under them, nor Git LFS files (staging one would put its
 * content, or a changed pointer, into history). Every other path is left exactly as it is.
 */
final class StageChanges {
  private static final Logger log = LoggerFactory.getLogger(StageChanges.class);

  private StageChanges() {}

  /** What was staged and what was left alone (a pinned path that changed anyway). */
  record Staged(List<String> added, List<String> removed, List<String> leftAlone) {}

  static Staged stage(Git git) throws IOException, GitAPIException {
    Repository repo = git.getRepository();
    IndexDiff diff = new IndexDiff(repo, Constants.HEAD, new FileTreeIterator(repo));
    // Submodule repositories are never opened: an unfilled one would look deleted.
    diff.setIgnoreSubmoduleMode(SubmoduleWalk.IgnoreSubmoduleMode.ALL);
    diff.diff();
    PinnedPaths pins = PinnedPaths.of(repo);
    TreeSet<String> toAdd = new TreeSet<>(diff.getModified());
    toAdd.addAll(diff.getUntracked());
    TreeSet<String> toRemove = new TreeSet<>(diff.getMissing());
    List<String> leftAlone = new ArrayList<>();
    for (TreeSet<String> set : List.of(toAdd, toRemove)) {
      set.removeIf(path -> {
        boolean pinned = pins.submoduleOf(path).isPresent() || pins.isLfs(path);
        if (pinned) {
          leftAlone.add(path);
        }
        return pinned;
      });
    }
    if (!leftAlone.isEmpty()) {
      log.warn("left {} submodule or Git LFS path(s) unstaged in {}: {}", leftAlone.size(), repo.getWorkTree(),
          String.join(", ", leftAlone.subList(0, Math.min(10, leftAlone.size()))));
    }
    if (!toAdd.isEmpty()) {
      AddCommand add = git.add();
      toAdd.forEach(add::addFilepattern);
      add.call();
    }
    if (!toRemove.isEmpty()) {
      RmCommand rm = git.rm().setCached(true);
      toRemove.forEach(rm::addFilepattern);
      rm.call();
    }
    return new Staged(List.copyOf(toAdd), List.copyOf(toRemove), List.copyOf(leftAlone));
  }
}
