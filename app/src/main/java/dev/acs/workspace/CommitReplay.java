package dev.acs.workspace;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Replays commits onto another commit (a rebase), entirely in the object database: three-way
 * merges in memory, no index or working tree touched, so a conflict leaves everything as it was.
 * Authors and messages are kept; the committer is ACS. A commit whose change is already there
 * becomes empty and is dropped, as {@code git rebase} does.
 */
final class CommitReplay {
  /** {@code newTip} when all applied; else {@code conflictPaths} names what did not merge. */
  record Result(ObjectId newTip, List<String> conflictPaths, String conflictingCommit) {
    boolean applied() {
      return newTip != null;
    }
  }

  private CommitReplay() {}

  /** {@code commits} oldest first. */
  static Result replay(Repository repo, List<RevCommit> commits, ObjectId onto, PersonIdent committer) throws IOException {
    try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
      RevCommit tip = walk.parseCommit(onto);
      for (RevCommit original : commits) {
        RevCommit c = walk.parseCommit(original);
        if (c.getParentCount() != 1) {
          return new Result(null, List.of(), c.name() + " is a merge commit; ACS does not replay merges");
        }
        RevCommit parent = walk.parseCommit(c.getParent(0));
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repo.getConfig());
        merger.setBase(parent.getTree());
        merger.setCommitNames(new String[] {"base", "remote", "acs"});
        if (!merger.merge(tip.getTree(), c.getTree())) {
          Set<String> paths = new LinkedHashSet<>(merger.getUnmergedPaths());
          if (merger.getFailingPaths() != null) {
            paths.addAll(merger.getFailingPaths().keySet());
          }
          return new Result(null, new ArrayList<>(paths), c.name());
        }
        ObjectId tree = merger.getResultTreeId();
        if (tree.equals(tip.getTree())) {
          continue;
        }
        CommitBuilder b = new CommitBuilder();
        b.setTreeId(tree);
        b.setParentId(tip);
        b.setAuthor(c.getAuthorIdent());
        b.setCommitter(new PersonIdent(committer, Instant.now()));
        b.setEncoding(c.getEncoding());
        b.setMessage(c.getFullMessage());
        ObjectId id = inserter.insert(b);
        inserter.flush();
        tip = walk.parseCommit(id);
      }
      return new Result(tip.copy(), List.of(), null);
    }
  }
}
