package dev.acs.context;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an issue names explicitly: file paths, stack-trace frames, and names that look like types
 * or members of the code ({@code JsonWriter}, {@code JsonWriter#value}, {@code NumberInput.looksLike…},
 * words in backticks). Each name keeps a weight: more for the title, more for each repeat.
 */
public record IssueMentions(Map<String, Double> paths, Map<String, Double> frameFiles, Map<String, Double> names) {
  private static final Pattern PATH = Pattern.compile("(?<![\\w/.-])((?:[\\w.-]+/)*[\\w-]+\\.(?:java|kt|scala|groovy|py|js|jsx|ts|tsx|go|rs|rb|cs|c|h|cc|cpp|hpp|php|swift))\\b");
  /** {@code at com.acme.Foo.bar(Foo.java:12)} (Java) or {@code File "x/y.py", line 3} (Python). */
  private static final Pattern FRAME = Pattern.compile("\\bat\\s+[\\w$.<>]+\\(([\\w$-]+\\.\\w+):\\d+\\)|File \"([^\"]+)\", line \\d+");
  /** A word with an upper-case letter after the first one, or a capitalised word of code shape. */
  private static final Pattern TYPE_LIKE = Pattern.compile("\\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[A-Z]{2,}[a-z][A-Za-z0-9]*)\\b");
  /** {@code Type#member}, {@code Type.member(}, {@code obj.member(}, {@code member()}. */
  private static final Pattern MEMBER = Pattern.compile("\\b([A-Za-z_][\\w$]*)(?:#|\\.)([a-z_][\\w$]*)\\b|\\b([a-z_][\\w$]*[A-Z_][\\w$]*)\\s*\\(");
  private static final Pattern BACKTICK = Pattern.compile("`([^`\\n]{2,80})`");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][\\w$]{2,}");

  /** Reads the mentions of an issue; {@code title} counts double. */
  public static IssueMentions of(String title, String body) {
    Map<String, Double> paths = new LinkedHashMap<>();
    Map<String, Double> frames = new LinkedHashMap<>();
    Map<String, Double> names = new LinkedHashMap<>();
    read(title == null ? "" : title, 2.0, paths, frames, names);
    read(body == null ? "" : body, 1.0, paths, frames, names);
    return new IssueMentions(paths, frames, names);
  }

  private static void read(String text, double weight, Map<String, Double> paths, Map<String, Double> frames, Map<String, Double> names) {
    Matcher m = PATH.matcher(text);
    while (m.find()) {
      paths.merge(m.group(1), weight, Double::sum);
    }
    m = FRAME.matcher(text);
    int depth = 0;
    while (m.find()) {
      String file = m.group(1) != null ? m.group(1) : m.group(2);
      // The top frames say most; library frames deep in the stack rarely point at the fix.
      frames.merge(file, weight / (1 + depth * 0.25), Double::sum);
      depth++;
    }
    m = TYPE_LIKE.matcher(text);
    while (m.find()) {
      names.merge(m.group(1), weight, Double::sum);
    }
    m = MEMBER.matcher(text);
    while (m.find()) {
      if (m.group(3) != null) {
        names.merge(m.group(3), weight * 0.5, Double::sum);
      } else {
        if (Character.isUpperCase(m.group(1).charAt(0))) {
          names.merge(m.group(1), weight, Double::sum);
        }
        names.merge(m.group(2), weight * 0.5, Double::sum);
      }
    }
    m = BACKTICK.matcher(text);
    while (m.find()) {
      Matcher id = IDENT.matcher(m.group(1));
      while (id.find()) {
        names.merge(id.group(), weight * 0.5, Double::sum);
      }
    }
  }

  /** Every name that is mentioned, for tests and reports. */
  public Set<String> allNames() {
    Set<String> all = new LinkedHashSet<>(names.keySet());
    all.addAll(paths.keySet());
    all.addAll(frameFiles.keySet());
    return all;
  }
}
