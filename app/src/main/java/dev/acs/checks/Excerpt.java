package dev.acs.checks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of a failing build's log that a model gets: at most {@value #MAX_BYTES} bytes of UTF-8.
 * It quotes the log where the findings are (compile errors first, since nothing else can run
 * before they are fixed; then failing tests with their stack heads; then lint), then the end of
 * the log, which carries the build tool's own verdict (without the advice every Maven or Gradle
 * failure ends with). A log with no findings gives its
 * error-looking lines and its end. Items that do not fit are counted, and listed by name while
 * the names still fit. Tokens that look like GitHub or private-key credentials are masked:
 * the excerpt leaves the machine.
 */
final class Excerpt {
  static final int MAX_BYTES = 8 * 1024;
  private static final int TAIL_LINES = 25;
  private static final int MAX_LINE_CHARS = 400;
  private static final Pattern ERRORISH =
      Pattern.compile("(?i)^##\\[error\\]|^\\[ERROR\\]|\\berror\\b|\\bFAIL(?:ED|URE)?\\b|exception|Could not|timed out|refused");
  /** Lines build tools print on every failure; they tell a reader nothing about this one. */
  private static final Pattern BOILERPLATE = Pattern.compile(
      "^(?:\\[(?:INFO|ERROR|WARNING)\\] ?)?(?:"
          + "-{20,}|"
          + "To see the full stack trace of the errors, re-run Maven with the -e switch\\.|"
          + "Re-run Maven using the -X switch to enable full debug logging\\.|"
          + "For more information about the errors and possible solutions, please read the following articles:|"
          + "\\[Help \\d+\\] https?://\\S+|"
          + "-> \\[Help \\d+\\]|"
          + "After correcting the problems, you can resume the build with the command|"
          + "\\s+mvn <args> -rf :\\S+|"
          + "Total time: .*|Finished at: .*|"
          + "\\* Try:|> ?Run with --(?:stacktrace|info|scan).*|Run with --(?:stacktrace|info|scan).*|> Get more help at https://help\\.gradle\\.org|"
          + "\\* Get more help at https://help\\.gradle\\.org|Get more help at https://help\\.gradle\\.org|"
          + "\\s*)$");
  private static final Pattern SECRETS = Pattern.compile(
      "\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\\b|(x-access-token:)[^@\\s]+(@)|-----BEGIN [A-Z ]*PRIVATE KEY-----");

  private final LogText log;
  private final StringBuilder out = new StringBuilder();
  /** Log lines already quoted above the tail; the tail does not repeat them. */
  private final java.util.Set<Integer> quoted = new java.util.HashSet<>();
  /** Their text without the level prefix: Maven prints its compiler errors twice. */
  private final java.util.Set<String> quotedText = new java.util.HashSet<>();
  private int bytes;

  private Excerpt(LogText log) {
    this.log = log;
  }

  static String build(LogText log, Extraction found) {
    return new Excerpt(log).render(found);
  }

  private String render(Extraction found) {
    List<CompileError> compile = found.compileErrors();
    List<FailingTest> tests = found.tests();
    List<LintError> lint = found.lintErrors();
    int budgetForFindings = (int) (MAX_BYTES * 0.8);

    if (!compile.isEmpty()) {
      section("compile errors (" + compile.size() + ")");
      List<String> left = new ArrayList<>();
      for (CompileError e : compile) {
        Extraction.Evidence ev = found.evidenceOf(e);
        boolean added = ev != null && ev.from() >= 0 ? addQuote(ev, budgetForFindings) : addBlock(List.of(describe(e)), budgetForFindings);
        if (!added) {
          left.add(e.file() == null ? e.message() : e.file() + ":" + e.line());
        }
      }
      omitted(left, "compile errors");
    }
    if (!tests.isEmpty()) {
      section("failing tests (" + tests.size() + ")");
      List<String> left = new ArrayList<>();
      for (FailingTest t : tests) {
        Extraction.Evidence ev = found.evidenceOf(t);
        boolean added = ev != null && ev.from() >= 0 ? addQuote(ev, budgetForFindings) : addBlock(describe(t), budgetForFindings);
        if (!added) {
          left.add(t.name());
        }
      }
      omitted(left, "failing tests");
    }
    if (!lint.isEmpty()) {
      section("lint (" + lint.size() + ")");
      List<String> left = new ArrayList<>();
      for (LintError e : lint) {
        Extraction.Evidence ev = found.evidenceOf(e);
        boolean added = ev != null && ev.from() >= 0
            ? addQuote(ev, budgetForFindings)
            : addBlock(List.of(e.file() + ":" + e.line() + " " + e.rule() + " " + e.message()), budgetForFindings);
        if (!added) {
          left.add((e.file() == null ? e.symbol() : e.file()) + ":" + e.line() + " " + e.rule());
        }
      }
      omitted(left, "lint violations");
    }
    if (!found.foundCodeFailures()) {
      List<Integer> errorish = new ArrayList<>();
      for (int i = 0; i < log.size() - TAIL_LINES; i++) {
        if (ERRORISH.matcher(log.line(i)).find()) {
          errorish.add(i);
        }
      }
      if (!errorish.isEmpty()) {
        section("error lines");
        for (int i : errorish) {
          if (!addQuote(new Extraction.Evidence(i, i), (int) (MAX_BYTES * 0.6))) {
            break;
          }
        }
      }
    }
    tail();
    return out.toString();
  }

  /** The last lines of the log, as many as fit (newest kept). */
  private void tail() {
    int last = log.size() - 1;
    while (last >= 0 && log.line(last).isBlank()) {
      last--;
    }
    List<String> lines = new ArrayList<>();
    for (int i = last; i >= 0 && lines.size() < TAIL_LINES; i--) {
      if (!quoted.contains(i) && !quotedText.contains(withoutLevel(log.line(i))) && !BOILERPLATE.matcher(log.line(i)).matches()) {
        lines.add(0, clip(log.line(i)));
      }
    }
    // A heading for what follows, not a marker after which nothing comes: "end of log" read as the latter.
    String header = "== last lines of the log ==\n";
    int room = MAX_BYTES - bytes - utf8(header);
    List<String> kept = new ArrayList<>();
    int used = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      int size = utf8(lines.get(i)) + 1;
      if (used + size > room) {
        break;
      }
      kept.add(0, lines.get(i));
      used += size;
    }
    if (!kept.isEmpty()) {
      append(header);
      for (String line : kept) {
        append(line + "\n");
      }
    }
  }

  private List<String> quote(Extraction.Evidence ev) {
    List<String> lines = new ArrayList<>();
    for (int i = ev.from(); i <= ev.to() && i < log.size(); i++) {
      lines.add(log.line(i));
    }
    return lines;
  }

  private boolean addQuote(Extraction.Evidence ev, int limit) {
    boolean added = addBlock(quote(ev), limit);
    if (added) {
      for (int i = ev.from(); i <= ev.to() && i < log.size(); i++) {
        quoted.add(i);
        quotedText.add(withoutLevel(log.line(i)));
      }
    }
    return added;
  }

  private static String withoutLevel(String line) {
    return line.replaceFirst("^\\[(?:ERROR|INFO|WARNING|WARN)\\]", "").strip();
  }

  private static String describe(CompileError e) {
    return (e.file() == null ? "" : e.file() + ":" + e.line() + ": ") + e.message();
  }

  private static List<String> describe(FailingTest t) {
    List<String> lines = new ArrayList<>();
    lines.add(t.name() + " FAILED");
    if (t.stackHead().isEmpty() && t.message() != null) {
      lines.add("  " + t.message());
    }
    t.stackHead().forEach(s -> lines.add("  " + s));
    return lines;
  }

  private void section(String title) {
    String header = "== " + title + " ==\n";
    if (bytes + utf8(header) <= MAX_BYTES * 0.85) {
      append(header);
    }
  }

  private boolean addBlock(List<String> block, int limit) {
    StringBuilder text = new StringBuilder();
    for (String line : block) {
      text.append(clip(line)).append('\n');
    }
    int size = utf8(text.toString());
    if (bytes + size > limit) {
      return false;
    }
    append(text.toString());
    return true;
  }

  private void omitted(List<String> names, String what) {
    if (names.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder("… " + names.size() + " more " + what + " not shown:");
    for (String name : names) {
      if (utf8(line.toString()) + utf8(name) + 2 > 600) {
        line.append(" …");
        break;
      }
      line.append(' ').append(name).append(',');
    }
    if (line.charAt(line.length() - 1) == ',') {
      line.setLength(line.length() - 1);
    }
    line.append('\n');
    if (bytes + utf8(line.toString()) <= MAX_BYTES * 0.9) {
      append(line.toString());
    }
  }

  private void append(String text) {
    String safe = mask(text);
    out.append(safe);
    bytes += utf8(safe);
  }

  static String mask(String text) {
    return SECRETS.matcher(text).replaceAll(m -> m.group(1) != null ? m.group(1) + "***" + m.group(2) : "***");
  }

  private static String clip(String line) {
    return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + " …";
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
