package dev.acs.context;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an issue names explicitly: file paths, stack-trace frames, names that look like types or
 * members of the code ({@code JsonWriter}, {@code JsonWriter#value}, {@code NumberInput.looksLike…},
 * words in backticks), qualified members ({@code Type.member}: {@link #members}) and quoted messages
 * (exception messages, log lines, strings in quotes: {@link #messages}) and dotted module or class
 * names ({@code xarray.core.dataset}, {@code okhttp3.internal.http.RetryAndFollowUpInterceptor}: {@link
 * #modules}, kept as {@code a/b/c}). Each keeps a weight: more for the title, more for each repeat.
 */
public record IssueMentions(Map<String, Double> paths, Map<String, Double> frameFiles, Map<String, Double> names,
    Map<String, Double> members, Map<String, Double> messages, Map<String, Double> modules) {
  /** A path, after any leading slashes (so {@code file:///app/lib/utils.js} and URLs to files count). */
  private static final Pattern PATH = Pattern.compile("(?<![\\w.-])/*((?:[\\w.@-]+/)*[\\w-]+\\.(?:java|kt|scala|groovy|py|js|jsx|mjs|cjs|ts|tsx|go|rs|rb|cs|c|h|cc|cpp|hpp|php|swift))\\b");
  /**
   * {@code at com.acme.Foo.bar(Foo.java:12)} (Java), {@code File "x/y.py", line 3} (Python), {@code
   * at fn (file:///app/lib/x.js:3:9)} (Node), {@code \t/go/src/x/y.go:42 +0x1d} (Go).
   */
  private static final Pattern FRAME = Pattern.compile("\\bat\\s+[\\w$.<>]+\\(([\\w$-]+\\.\\w+):\\d+\\)|File \"([^\"]+)\", line \\d+"
      + "|\\bat\\s+(?:[^()\\n]*\\()?(?:file://)?([^\\s()]+\\.(?:[cm]?[jt]sx?)):\\d+:\\d+\\)?"
      + "|(?m)^\\s+(\\S+\\.go):\\d+(?:\\s+\\+0x[0-9a-f]+)?$");
  /** A test class or function ({@code FooTest}, {@code FooTests}, {@code FooIT}, {@code FooSpec}): the code under test is {@code Foo}. */
  private static final Pattern TEST_NAME = Pattern.compile("^([A-Z]\\w{2,}?)(?:Test|Tests|TestCase|IT|Spec)$");
  /** A test file's name: {@code FooTest.java}, {@code test_foo.py}, {@code foo_test.go}, {@code foo.test.js}, {@code foo.spec.ts}. */
  private static final Pattern TEST_FILE = Pattern.compile("(?:^|/)(?:test_(\\w+)\\.py|(\\w+)_test\\.(?:py|go)|([\\w-]+)\\.(?:test|spec)\\.[cm]?[jt]sx?|([A-Z]\\w+?)(?:Test|Tests|IT)\\.(?:java|kt))$");
  /** {@code Type.member}, {@code Type#member}, {@code pkg::member}: a member of a type, module or package. */
  private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w$.])([A-Za-z_][\\w$]*)(?:#|\\.|::)([A-Za-z_][\\w$]*)(?![\\w$]*\\.\\w)");
  /** An exception or error message: {@code FooException: text}, {@code ValueError: text}, {@code panic: text}, {@code error: text}. */
  private static final Pattern MESSAGE = Pattern.compile("(?m)(?:\\b\\w*(?:Exception|Error)|\\bpanic|\\b(?:error|ERROR|Error|fatal|FATAL|WARN|WARNING)\\b)\\s*:\\s+([^\\n]{6,300})");
  /** Text in quotes or backticks with a space in it: a message, a log line or a piece of code. */
  private static final Pattern QUOTED = Pattern.compile("\"([^\"\\n]{6,200})\"|(?<!\\w)'([^'\\n]{6,200})'(?!\\w)|`([^`\\n]{6,200})`|“([^”\\n]{6,200})”");
  /** A word with an upper-case letter after the first one, or a capitalised word of code shape. */
  private static final Pattern TYPE_LIKE = Pattern.compile("\\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[A-Z]{2,}[a-z][A-Za-z0-9]*)\\b");
  /** {@code Type#member}, {@code Type.member(}, {@code obj.member(}, {@code member()}. */
  private static final Pattern MEMBER = Pattern.compile("\\b([A-Za-z_][\\w$]*)(?:#|\\.)([a-z_][\\w$]*)\\b|\\b([a-z_][\\w$]*[A-Z_][\\w$]*)\\s*\\(");
  /**
   * A dotted name of two parts or more ({@code sphinx.ext.autodoc}, {@code com.foo.bar.Baz.method}):
   * a module, package or fully qualified class, perhaps with a member after it. Possessive, so a
   * long run costs one pass; not followed by a slash or a dash (a host name in a URL, a path).
   */
  private static final Pattern DOTTED = Pattern.compile("(?<![\\w$./-])([A-Za-z_]\\w*+(?:\\.[A-Za-z_]\\w*+)++)(?![\\w$/-])");
  /** {@code from a.b import c}: module {@code a.b.c} or name {@code c} of {@code a.b}. */
  private static final Pattern FROM_IMPORT = Pattern.compile("\\bfrom[ \\t]++([A-Za-z_][\\w.]*+)[ \\t]++import[ \\t]++\\(?[ \\t]*+([A-Za-z_]\\w*+)");
  private static final Pattern BACKTICK = Pattern.compile("`([^`\\n]{2,80})`");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][\\w$]{2,}");

  /** Reads the mentions of an issue; {@code title} counts double. */
  public static IssueMentions of(String title, String body) {
    Map<String, Double> paths = new LinkedHashMap<>();
    Map<String, Double> frames = new LinkedHashMap<>();
    Map<String, Double> names = new LinkedHashMap<>();
    Map<String, Double> members = new LinkedHashMap<>();
    Map<String, Double> messages = new LinkedHashMap<>();
    IssueMentions m = new IssueMentions(paths, frames, names, members, messages, new LinkedHashMap<>());
    m.read(bounded(title), 2.0);
    m.read(bounded(body), 1.0);
    return m;
  }

  /** Longest text read (GitHub's own limit for an issue body). */
  static final int MAX_TEXT = 65_536;
  /** Longest run of non-space characters read as it is; longer runs are cut to this. */
  static final int MAX_TOKEN = 256;

  /**
   * The issue text as the patterns read it: at most {@link #MAX_TEXT} characters, and no run of
   * non-space characters over {@link #MAX_TOKEN}. Issue text is anyone's; without the bound a
   * crafted 64 KB word costs some patterns seconds of backtracking (quadratic in the word) or
   * a stack overflow (a path of 30,000 folders). Nothing that names a file, a type, a member or
   * a frame is that long.
   */
  static String bounded(String text) {
    if (text == null) {
      return "";
    }
    String s = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    StringBuilder out = null;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      run = Character.isWhitespace(c) ? 0 : run + 1;
      if (run > MAX_TOKEN && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null && run <= MAX_TOKEN) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private void read(String text, double weight) {
    Matcher m = FRAME.matcher(text);
    int depth = 0;
    java.util.BitSet inFrames = new java.util.BitSet();
    while (m.find()) {
      String file = firstGroup(m);
      // The top frames say most; library frames deep in the stack rarely point at the fix.
      frameFiles.merge(file, weight / (1 + depth * 0.25), Double::sum);
      testedName(file, weight / (1 + depth * 0.25));
      inFrames.set(m.start(), m.end());
      depth++;
    }
    m = PATH.matcher(text);
    while (m.find()) {
      // A path in a stack frame counts as a path too (as it always has for Java's frames); its name as tested code only once.
      paths.merge(m.group(1), weight, Double::sum);
      if (!inFrames.get(m.start())) {
        testedName(m.group(1), weight);
      }
    }
    m = FROM_IMPORT.matcher(text);
    java.util.BitSet imported = new java.util.BitSet();
    while (m.find()) {
      // from a.b import c: a/b/c.py, or c in a/b.py; not the package a/b as well.
      modules.merge((m.group(1) + "." + m.group(2)).replace('.', '/'), weight, Double::sum);
      imported.set(m.start(1), m.end(1));
    }
    m = DOTTED.matcher(text);
    while (m.find()) {
      // A frame's method (at a.b.Foo.bar(Foo.java:3)) already counts, by depth, as a frame.
      if (!inFrames.get(m.start()) && !imported.get(m.start())) {
        modules.merge(m.group(1).replace('.', '/'), weight, Double::sum);
      }
    }
    m = TYPE_LIKE.matcher(text);
    while (m.find()) {
      names.merge(m.group(1), weight, Double::sum);
      Matcher t = TEST_NAME.matcher(m.group(1));
      if (t.matches()) {
        names.merge(t.group(1), weight * TESTED_SHARE, Double::sum);
      }
    }
    m = QUALIFIED.matcher(text);
    while (m.find()) {
      members.merge(m.group(1) + "#" + m.group(2), weight, Double::sum);
    }
    m = MESSAGE.matcher(text);
    while (m.find()) {
      messages.merge(m.group(1).strip(), weight, Double::sum);
    }
    m = QUOTED.matcher(text);
    while (m.find()) {
      String q = firstGroup(m).strip();
      if (q.indexOf(' ') > 0) {
        messages.merge(q, weight, Double::sum);
      }
    }
    m = MEMBER.matcher(text);
    while (m.find()) {
      if (m.group(3) != null) {
        names.merge(m.group(3), weight * 0.5, Double::sum);
      } else {
        if (Character.isUpperCase(m.group(1).charAt(0))) {
          names.merge(m.group(1), weight, Double::sum);
        }
        // The middle of a dotted chain (ext in sphinx.ext.autodoc) is a package on the way, not the name meant; the chain counts as a module.
        if (m.end() >= text.length() - 1 || text.charAt(m.end()) != '.' || !Character.isLetter(text.charAt(m.end() + 1))) {
          names.merge(m.group(2), weight * 0.5, Double::sum);
        }
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

  /** How much of a test's mention goes to the code under test. */
  static final double TESTED_SHARE = 0.5;

  /** The name of the code a test file tests ({@code foo} for {@code test_foo.py}, {@code Foo} for {@code FooTest.java}), as a half mention. */
  private void testedName(String path, double weight) {
    Matcher t = TEST_FILE.matcher(path);
    if (t.find()) {
      names.merge(firstGroup(t), weight * TESTED_SHARE, Double::sum);
    }
  }

  private static String firstGroup(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return "";
  }

  /** Every name that is mentioned, for tests and reports. */
  public Set<String> allNames() {
    Set<String> all = new LinkedHashSet<>(names.keySet());
    all.addAll(paths.keySet());
    all.addAll(frameFiles.keySet());
    return all;
  }
}
