package dev.acs.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Tells ACS's commits from people's: a commit is ACS's when its author and committer are ACS's
 * identity and it carries the {@code Acs-Task} trailer. Anyone could write both, so this is about
 * not overwriting people by mistake, not about proof.
 */
final class CommitAuthors {
  private static final int MAX_LISTED_COMMITS = 200;
  private static final int MAX_NAMED = 5;

  private final BotIdentity identity;

  CommitAuthors(BotIdentity identity) {
    this.identity = identity;
  }

  /** The walk's commits, newest first, at most {@value #MAX_LISTED_COMMITS}. */
  List<CommitInfo> describe(RevWalk walk) {
    List<CommitInfo> out = new ArrayList<>();
    for (RevCommit c : walk) {
      out.add(describe(c));
      if (out.size() >= MAX_LISTED_COMMITS) {
        break;
      }
    }
    return out;
  }

  CommitInfo describe(RevCommit c) {
    List<String> task = c.getFooterLines(TaskTrailer.KEY);
    String acsTask = task.isEmpty() ? null : task.get(task.size() - 1).trim();
    PersonIdent author = c.getAuthorIdent();
    PersonIdent committer = c.getCommitterIdent();
    boolean byAcs = acsTask != null && identity.hasEmail(author.getEmailAddress()) && identity.hasEmail(committer.getEmailAddress());
    return new CommitInfo(c.name(), author.getName(), author.getEmailAddress(), committer.getEmailAddress(),
        c.getShortMessage(), acsTask, byAcs);
  }

  /** "3 commits by Alice, Bob" (or "by ACS"). */
  static String summary(List<CommitInfo> commits) {
    List<String> people = commits.stream().filter(c -> !c.byAcs()).map(CommitInfo::authorName).distinct().toList();
    String n = commits.size() + " commit" + (commits.size() == 1 ? "" : "s");
    return people.isEmpty() ? n + " by ACS" : n + " by " + String.join(", ", people);
  }

  /** The people's commits, each as short SHA, subject and author, for a message. */
  static String namePeople(List<CommitInfo> commits) {
    List<CommitInfo> people = commits.stream().filter(c -> !c.byAcs()).toList();
    String named = people.stream().limit(MAX_NAMED)
        .map(c -> c.sha().substring(0, 7) + " \"" + c.subject() + "\" by " + c.authorName())
        .collect(Collectors.joining(", "));
    return people.size() > MAX_NAMED ? named + ", ..." : named;
  }
}
