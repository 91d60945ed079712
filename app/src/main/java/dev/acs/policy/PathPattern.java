package dev.acs.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A repository path pattern with the same meaning as {@code path_matches} in
 * policies/acs/decision.rego, so that the guardrails and the Rego agree on what a pattern in
 * policies/data.json covers: a pattern with a slash matches the whole path from the repository
 * root; a pattern without one matches the file name in any folder (as in .gitignore). {@code *}
 * and {@code ?} stay within one folder, {@code **} crosses folders, {@code {a,b}} is either,
 * {@code [abc]} is a character class.
 */
public final class PathPattern {
  private final String glob;
  private final boolean wholePath;
  private final Pattern regex;

  private PathPattern(String glob) {
    this.glob = glob;
    this.wholePath = glob.contains("/");
    this.regex = Pattern.compile(toRegex(glob));
  }

  public static PathPattern of(String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IllegalArgumentException("a path pattern must not be empty");
    }
    return new PathPattern(glob);
  }

  public static List<PathPattern> all(List<String> globs) {
    return globs.stream().map(PathPattern::of).toList();
  }

  public static boolean anyMatches(List<PathPattern> patterns, String path) {
    return patterns.stream().anyMatch(p -> p.matches(path));
  }

  public boolean matches(String path) {
    if (path == null) {
      return false;
    }
    String subject = wholePath ? path : path.substring(path.lastIndexOf('/') + 1);
    return regex.matcher(subject).matches();
  }

  @Override
  public String toString() {
    return glob;
  }

  private static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            re.append(".*");
            i++;
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            re.append(')');
          } else {
            re.append("\\}");
          }
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, end);
            if (body.startsWith("!")) {
              body = "^" + body.substring(1);
            }
            re.append('[').append(body.replace("\\", "\\\\")).append(']');
            i = end;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (braces != 0) {
      throw new IllegalArgumentException("unbalanced '{' in path pattern '" + glob + "'");
    }
    return re.toString();
  }
}
