package dev.acs.github;

import dev.acs.github.RepoGitHub.ReviewCommentInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The review comments of an {@link InMemoryRepoGitHub}'s pull requests, in threads: a thread is a
 * first comment and the replies to it (a reply to a reply is refused, as on GitHub), and a thread
 * can be resolved.
 *
 * <p>Not thread-safe on its own: only called under its repository's lock, which also hands out the
 * ids ({@code ids}), shared with the repository's issues, comments and check runs as on GitHub.
 */
final class InMemoryReviewThreads {
  private final String fullName;
  private final LongSupplier ids;
  private final Map<Long, ReviewCommentInfo> comments = new LinkedHashMap<>();
  private final Map<Long, Integer> pulls = new HashMap<>();
  private final Map<Long, Long> reviews = new HashMap<>();
  private final Set<Long> resolved = new LinkedHashSet<>();

  InMemoryReviewThreads(String fullName, LongSupplier ids) {
    this.fullName = fullName;
    this.ids = ids;
  }

  /** A reviewer's comment on line {@code line} of the pull request's head {@code headSha}; returns its id. */
  long add(int pullNumber, long reviewId, String author, String body, String path, int line, Long inReplyTo, String headSha) {
    long id = ids.getAsLong();
    comments.put(id, new ReviewCommentInfo(id, "PRRC_" + id, author, "User", body, path, line, line,
        "@@ -" + line + " +" + line + " @@", headSha, inReplyTo));
    pulls.put(id, pullNumber);
    reviews.put(id, reviewId);
    return id;
  }

  /** The line of a review comment changed since: GitHub then reports no current line, only the original one. */
  void makeOutdated(long commentId) {
    ReviewCommentInfo c = comments.get(commentId);
    if (c == null) {
      throw InMemoryRepoGitHub.notFound(fullName, "review comment " + commentId);
    }
    comments.put(commentId, new ReviewCommentInfo(c.id(), c.nodeId(), c.author(), c.authorType(), c.body(), c.path(), null,
        c.originalLine(), c.diffHunk(), c.commitId(), c.inReplyTo()));
  }

  boolean contains(long commentId) {
    return comments.containsKey(commentId);
  }

  boolean isResolved(long commentId) {
    return resolved.contains(threadRoot(commentId));
  }

  /** Every comment of the thread holding this one, in order. */
  List<ReviewCommentInfo> thread(long commentId) {
    long root = threadRoot(commentId);
    return comments.values().stream()
        .filter(c -> c.id() == root || Long.valueOf(root).equals(c.inReplyTo()))
        .toList();
  }

  List<ReviewCommentInfo> ofReview(int pullNumber, long reviewId) {
    List<ReviewCommentInfo> out = new ArrayList<>();
    comments.forEach((id, c) -> {
      if (onPull(id, pullNumber) && reviews.getOrDefault(id, -1L) == reviewId) {
        out.add(c);
      }
    });
    return out;
  }

  long reply(int pullNumber, long commentId, String author, String body) {
    ReviewCommentInfo parent = comments.get(commentId);
    if (parent == null || !onPull(commentId, pullNumber)) {
      throw InMemoryRepoGitHub.notFound(fullName, "review comment " + commentId + " on #" + pullNumber);
    }
    if (parent.inReplyTo() != null) {
      throw new GitHubException(422, "Validation Failed: replies to replies are not supported; reply to the"
          + " thread's first comment " + parent.inReplyTo(), null);
    }
    long id = ids.getAsLong();
    comments.put(id, new ReviewCommentInfo(id, "PRRC_" + id, author, "Bot", CommentMarker.fit(body),
        parent.path(), parent.line(), parent.originalLine(), parent.diffHunk(), parent.commitId(), commentId));
    pulls.put(id, pullNumber);
    return id;
  }

  void resolveThreadOf(int pullNumber, long commentId) {
    if (!comments.containsKey(commentId) || !onPull(commentId, pullNumber)) {
      throw InMemoryRepoGitHub.notFound(fullName, "review thread of comment " + commentId + " on #" + pullNumber);
    }
    resolved.add(threadRoot(commentId));
  }

  private long threadRoot(long commentId) {
    ReviewCommentInfo c = comments.get(commentId);
    return c == null || c.inReplyTo() == null ? commentId : c.inReplyTo();
  }

  private boolean onPull(long commentId, int pullNumber) {
    return Integer.valueOf(pullNumber).equals(pulls.get(commentId));
  }
}
