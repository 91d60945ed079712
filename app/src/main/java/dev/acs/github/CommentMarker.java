package dev.acs.github;

import dev.acs.config.SecretPatterns;
import java.util.regex.Pattern;

/**
 * The hidden marker {@code <!-- acs:KEY -->} that ACS puts on the first line of the comments it
 * may later edit (plan, status). The marker alone proves nothing: anyone can paste it, so a
 * comment only counts as ACS's when GitHub also says ACS wrote it.
 */
public final class CommentMarker {
  /** GitHub refuses comment bodies over 65536 characters. */
  static final int MAX_BODY = 65_536;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

  private CommentMarker() {}

  /** The marker for a key; keys are short names such as {@code plan} or {@code status-12}. */
  public static String of(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "comment marker key must be 1-100 characters of letters, digits, '.', '_', ':' or '-': " + key);
    }
    return "<!-- acs:" + key + " -->";
  }

  /** The body ACS posts: the marker line, then the markdown, cut to GitHub's size limit. */
  public static String attach(String key, String markdown) {
    return fit(of(key) + "\n" + markdown);
  }

  public static boolean carries(String body, String key) {
    return body != null && body.contains(of(key));
  }

  /**
   * Masks what the secret scan recognises (every body ACS writes to GitHub passes here), then
   * cuts the body to GitHub's limit, saying so at the end.
   */
  public static String fit(String text) {
    String body = SecretPatterns.redact(text);
    if (body.length() <= MAX_BODY) {
      return body;
    }
    String note = "\n\n…(cut: the full text is longer than GitHub allows in one comment)";
    return body.substring(0, MAX_BODY - note.length()) + note;
  }
}
