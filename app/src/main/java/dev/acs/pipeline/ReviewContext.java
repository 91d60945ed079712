package dev.acs.pipeline;

import dev.acs.github.RepoGitHub.ReviewCommentInfo;
import java.util.List;

/**
 * A review as the model reads it: the review's own text, then each comment with where it points
 * and the diff hunk the reviewer saw. Comments on lines that changed since (GitHub calls them
 * outdated: no current {@code line}) still come with their original line and hunk, so the model
 * can find the code they meant. All of it is untrusted text.
 */
final class ReviewContext {
  private static final int MAX_HUNK = 2_000;
  private static final int MAX_BODY = 4_000;

  private ReviewContext() {}

  static String of(String reviewer, String state, String body, List<ReviewCommentInfo> comments) {
    StringBuilder sb = new StringBuilder("Review by @").append(reviewer);
    if (state != null && !state.isBlank()) {
      sb.append(" (").append(state.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(')');
    }
    sb.append(":\n");
    if (body != null && !body.isBlank()) {
      sb.append(cap(body.strip(), MAX_BODY)).append("\n");
    }
    for (ReviewCommentInfo c : comments) {
      sb.append("\n### Comment #").append(c.id()).append(" by @").append(c.author()).append(" on `").append(c.path()).append('`');
      if (c.line() != null) {
        sb.append(" line ").append(c.line());
      } else if (c.originalLine() != null) {
        sb.append(" (outdated: the line has changed since; it was line ").append(c.originalLine())
            .append(" of the version the reviewer saw)");
      }
      if (c.inReplyTo() != null) {
        sb.append(", a reply in the thread of comment #").append(c.inReplyTo());
      }
      sb.append('\n');
      if (c.diffHunk() != null && !c.diffHunk().isBlank()) {
        sb.append("The diff the comment is on (it ends at the commented line):\n```diff\n").append(cap(c.diffHunk(), MAX_HUNK)).append("\n```\n");
      }
      sb.append(cap(c.body() == null ? "" : c.body().strip(), MAX_BODY)).append('\n');
    }
    if (!comments.isEmpty()) {
      sb.append('\n').append(ReviewReport.instruction(comments.stream().map(ReviewCommentInfo::id).toList())).append('\n');
    }
    return sb.toString();
  }

  private static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
