package dev.acs.command;

import java.util.regex.Pattern;

/**
 * Whether a comment mentions the App ({@code @<slug>}, as GitHub links it) outside fenced code
 * and quoted lines, so that quoting a request or showing one in a code block does not start work.
 * {@code @acs-helper} does not mention {@code @acs}; {@code @acs[bot]} does.
 */
public final class Mentions {
  private Mentions() {}

  public static boolean mentions(String body, String slug) {
    if (body == null || slug == null || slug.isBlank()) {
      return false;
    }
    Pattern mention = Pattern.compile("(?<![\\w@/.-])@" + Pattern.quote(slug) + "(?:\\[bot])?(?![\\w-])", Pattern.CASE_INSENSITIVE);
    for (String line : CommentLines.outsideFences(body)) {
      if (line.strip().startsWith(">")) {
        continue;
      }
      if (mention.matcher(line.replaceAll("`[^`]*`", "")).find()) {
        return true;
      }
    }
    return false;
  }
}
