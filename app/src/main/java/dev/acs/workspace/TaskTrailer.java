package dev.acs.workspace;

import java.util.regex.Pattern;

/**
 * The {@code Acs-Task: <task-id>} trailer on every ACS commit. It ties a commit to its audited task
 * and, with the bot identity, marks the commit as ACS's own (commits without it are a person's).
 */
public final class TaskTrailer {
  public static final String KEY = "Acs-Task";

  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  // A paragraph of "Key: value" lines (Signed-off-by, Co-authored-by, ...) is a trailer block.
  private static final Pattern TRAILER_LINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*: .*");

  private TaskTrailer() {}

  /** Task ids go into commit messages and paths: one short token, no spaces or line breaks. */
  public static String requireValidTaskId(String taskId) {
    if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
      throw new IllegalArgumentException(
          "task id must be 1-100 characters of letters, digits, '.', '_', ':' or '-', got " + quoted(taskId));
    }
    return taskId;
  }

  /**
   * The message with the trailer appended: in the existing trailer block if the message ends with
   * one, else after a blank line. Trailing whitespace is trimmed; an empty message is refused.
   */
  public static String append(String message, String taskId) {
    requireValidTaskId(taskId);
    String body = message == null ? "" : message.replace("\r\n", "\n").stripTrailing();
    if (body.isBlank()) {
      throw new IllegalArgumentException("commit message must not be empty");
    }
    String trailer = KEY + ": " + taskId;
    int lastBreak = body.lastIndexOf("\n\n");
    if (lastBreak >= 0) {
      String lastParagraph = body.substring(lastBreak + 2);
      if (lastParagraph.lines().allMatch(l -> TRAILER_LINE.matcher(l).matches())) {
        return body + "\n" + trailer + "\n";
      }
    }
    return body + "\n\n" + trailer + "\n";
  }

  private static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
