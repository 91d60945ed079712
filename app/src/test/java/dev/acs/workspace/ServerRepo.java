package dev.acs.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Reads what ended up in a bare repository on the test server (or in a mirror). */
final class ServerRepo {
  private ServerRepo() {}

  static ObjectId tip(Path bareDir, String branch) throws IOException {
    try (Repository repo = open(bareDir)) {
      Ref ref = repo.exactRef("refs/heads/" + branch);
      return ref == null ? null : ref.getObjectId();
    }
  }

  /** First-parent history of the branch, newest first. */
  static List<RevCommit> log(Path bareDir, String branch) throws IOException {
    try (Repository repo = open(bareDir); RevWalk walk = new RevWalk(repo)) {
      List<RevCommit> out = new ArrayList<>();
      RevCommit c = walk.parseCommit(repo.resolve("refs/heads/" + branch));
      while (c != null) {
        out.add(c);
        c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
      }
      return out;
    }
  }

  static boolean isAncestor(Path bareDir, ObjectId ancestor, ObjectId of) throws IOException {
    try (Repository repo = open(bareDir); RevWalk walk = new RevWalk(repo)) {
      return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(of));
    }
  }

  static Repository open(Path bareDir) throws IOException {
    return new FileRepositoryBuilder().setGitDir(bareDir.toFile()).setMustExist(true).build();
  }
}
