package dev.acs.workspace;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ACS's branch for an issue: {@code acs/<issue>-<slug>}. The slug comes from the issue title, which
 * anyone can write, so it is reduced to lowercase ASCII letters, digits and single dashes (no dots,
 * slashes, spaces or control characters can reach the ref name), at most {@value #MAX_SLUG}
 * characters, and never empty.
 */
public final class BranchName {
  public static final String PREFIX = "acs/";
  public static final int MAX_SLUG = 40;
  /** Used when nothing of the title survives (all emoji, non-Latin script, punctuation). */
  public static final String EMPTY_SLUG = "issue";

  private static final Pattern ACS_BRANCH = Pattern.compile("^acs/([1-9][0-9]{0,9})-[a-z0-9]+(?:-[a-z0-9]+)*$");
  // Letters that Unicode decomposition leaves alone but that have an obvious ASCII spelling.
  private static final Map<Character, String> SPELLED =
      Map.ofEntries(
          Map.entry('ß', "ss"), Map.entry('æ', "ae"), Map.entry('Æ', "ae"), Map.entry('œ', "oe"),
          Map.entry('Œ', "oe"), Map.entry('ø', "o"), Map.entry('Ø', "o"), Map.entry('ł', "l"),
          Map.entry('Ł', "l"), Map.entry('đ', "d"), Map.entry('Đ', "d"), Map.entry('þ', "th"),
          Map.entry('ı', "i"));

  private BranchName() {}

  public static String forIssue(int issue, String title) {
    if (issue <= 0) {
      throw new IllegalArgumentException("issue number must be positive, got " + issue);
    }
    return PREFIX + issue + "-" + slug(title);
  }

  /** The issue number of an ACS branch name, or empty for any other branch. */
  public static OptionalInt issueOf(String branch) {
    if (branch == null) {
      return OptionalInt.empty();
    }
    Matcher m = ACS_BRANCH.matcher(branch);
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    long n = Long.parseLong(m.group(1));
    return n > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) n);
  }

  public static String slug(String title) {
    if (title == null) {
      return EMPTY_SLUG;
    }
    StringBuilder spelled = new StringBuilder(title.length());
    for (char c : title.toCharArray()) {
      spelled.append(SPELLED.getOrDefault(c, String.valueOf(c)));
    }
    // NFKD splits "é" into "e" + accent and folds compatibility forms (ﬁ, full-width letters).
    String folded = Normalizer.normalize(spelled, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && !out.isEmpty()) {
          out.append('-');
        }
        dash = false;
        out.append(c);
      } else {
        dash = true;
      }
    }
    String slug = out.length() <= MAX_SLUG ? out.toString() : cut(out.toString());
    return slug.isEmpty() ? EMPTY_SLUG : slug;
  }

  // Cuts at the last word boundary when that keeps most of the room, else mid-word.
  private static String cut(String slug) {
    String head = slug.substring(0, MAX_SLUG);
    if (slug.charAt(MAX_SLUG) == '-') {
      return head;
    }
    int lastDash = head.lastIndexOf('-');
    String cut = lastDash >= MAX_SLUG / 2 ? head.substring(0, lastDash) : head;
    return cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut;
  }
}
