package dev.acs.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failing tests in Maven Surefire/Failsafe console output, old and new.
 *
 * <ul>
 *   <li>Detail blocks. 2.x: {@code method(pkg.Class)  Time elapsed: 0.004 sec  <<< ERROR!}; 3.x:
 *       {@code pkg.Class.method -- Time elapsed: 0.060 s <<< FAILURE!}; JUnit 5 under 2.22:
 *       {@code method  Time elapsed: ...} inside the class announced by {@code Running pkg.Class}.
 *       The exception line and stack follow, down to a blank line.
 *   <li>The summary. 3.x and 2.19+: {@code [ERROR] Failures:} / {@code [ERROR] Errors:} then
 *       {@code Class.method:109 message} (simple class names, resolved through the {@code Running}
 *       lines); 2.x before 2.19: {@code Failed tests:} / {@code Tests in error:} then
 *       {@code method(pkg.Class): message}. {@code Flakes:} (passed on a re-run) are not failures.
 * </ul>
 *
 * Parameterised invocations ({@code method(String)[2]}) count as their method.
 */
final class SurefireReports implements LogParser {
  private static final Pattern LEVEL = Pattern.compile("^\\[(?:ERROR|INFO|WARNING|WARN)\\] ?");
  private static final Pattern RUNNING = Pattern.compile("^Running ([\\w$.]+)\\s*$");
  private static final Pattern TESTS_RUN_IN = Pattern.compile("^Tests run: .*(?:--|-) in ([\\w$.]+)\\s*$");
  private static final Pattern OLD_ID = Pattern.compile("^(?<m>[^\\s(]+)\\((?<cls>[\\w$.]+)\\)$");
  private static final Pattern OLD_SUMMARY_ENTRY =
      Pattern.compile("^\\s*(?<m>[^\\s(]+)\\((?<cls>[\\w$.]+)\\)(?::\\s*(?<msg>.*))?$");
  private static final Pattern SUMMARY_ENTRY =
      Pattern.compile("^\\s*(?<id>[\\w$]+(?:\\.[\\w$<>]+)*)(?:\\[[^\\]]*\\])?(?::\\d+)?(?:->\\S+)*(?:\\s+(?:»\\s+)?(?<msg>.*))?$");
  private static final Pattern RERUN = Pattern.compile("^\\s*Run \\d+: ");

  private enum Section { NONE, FAILURES, FLAKES, OLD_FAILURES }

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    Map<String, Set<String>> classesBySimpleName = new HashMap<>();
    Set<String> knownClasses = new HashSet<>();
    for (String raw : log.lines()) {
      if (!raw.contains("Running ") && !raw.contains("Tests run:")) {
        continue;
      }
      String body = withoutLevel(raw);
      Matcher m = RUNNING.matcher(body);
      if (!m.matches()) {
        m = TESTS_RUN_IN.matcher(body);
      }
      if (m.matches()) {
        String cls = m.group(1);
        knownClasses.add(cls);
        classesBySimpleName.computeIfAbsent(simpleName(cls), k -> new HashSet<>()).add(cls);
      }
    }

    String currentClass = null;
    Section section = Section.NONE;
    List<SummaryLine> summary = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      String body = withoutLevel(log.line(i));
      Matcher running = RUNNING.matcher(body);
      if (running.matches()) {
        currentClass = running.group(1);
        section = Section.NONE;
        continue;
      }
      if (body.startsWith("Tests run:")) {
        section = Section.NONE;
        continue;
      }
      String detailId = detailId(body);
      if (detailId != null) {
        section = Section.NONE;
        String name = detailName(detailId, currentClass, knownClasses);
        if (name == null) {
          continue;
        }
        int end = blockEnd(log, i);
        List<String> block = new ArrayList<>();
        for (int j = i + 1; j <= end; j++) {
          block.add(log.line(j));
        }
        found.tool("surefire");
        List<String> head = StackHeads.of(block, className(name));
        // Quote the header and the stack head; the frames below it are the test runner's.
        found.test(new FailingTest(name, firstLine(block), head, "surefire"), i, Math.min(end, i + head.size()));
        i = end;
        continue;
      }
      String trimmed = body.strip();
      if (trimmed.equals("Failures:") || trimmed.equals("Errors:")) {
        section = Section.FAILURES;
        continue;
      }
      if (trimmed.equals("Flakes:")) {
        section = Section.FLAKES;
        continue;
      }
      if (body.startsWith("Failed tests:") || body.startsWith("Tests in error:")) {
        section = Section.OLD_FAILURES;
        body = body.substring(body.indexOf(':') + 1);
      }
      // Blank lines separate entries of one section (re-run output), so only "Tests run:" or the
      // next section header ends a section.
      if (section != Section.NONE && !body.isBlank() && !RERUN.matcher(body).find()) {
        summary.add(new SummaryLine(section, body, i));
      }
    }
    Set<String> flaky = new HashSet<>();
    Set<String> failedInSummary = new HashSet<>();
    for (SummaryLine entry : summary) {
      String name = summaryName(entry, classesBySimpleName, knownClasses);
      if (name == null) {
        continue;
      }
      if (entry.section() == Section.FLAKES) {
        flaky.add(name);
        continue;
      }
      failedInSummary.add(name);
      String cls = className(name);
      // A class whose set-up failed is reported by Surefire under the set-up method's name
      // (or "null"); the detail block already has it as a class-level failure.
      if (!found.hasTest(name) && found.hasTest(cls)) {
        continue;
      }
      found.tool("surefire");
      found.test(new FailingTest(name, entry.message(), List.of(), "surefire"), entry.line(), entry.line());
    }
    // A flaky test failed, then passed on a re-run: its detail block is not a failure.
    for (String name : flaky) {
      if (!failedInSummary.contains(name)) {
        found.removeTest(name);
      }
    }
  }

  private record SummaryLine(Section section, String body, int line) {
    String message() {
      Matcher old = OLD_SUMMARY_ENTRY.matcher(body);
      if (old.matches()) {
        return old.group("msg");
      }
      Matcher m = SUMMARY_ENTRY.matcher(withoutParameters(body));
      return m.matches() ? m.group("msg") : null;
    }
  }

  /** The test a summary line names, resolved to its fully qualified class where the log allows. */
  private static String summaryName(SummaryLine entry, Map<String, Set<String>> bySimple, Set<String> known) {
    Matcher old = OLD_SUMMARY_ENTRY.matcher(entry.body());
    if (old.matches()) {
      return old.group("cls") + "#" + old.group("m");
    }
    if (entry.section() == Section.OLD_FAILURES) {
      return null;
    }
    Matcher m = SUMMARY_ENTRY.matcher(withoutParameters(entry.body()));
    if (!m.matches()) {
      return null;
    }
    String id = m.group("id");
    String cls;
    String method;
    if (known.contains(id) || bySimple.containsKey(id) || looksLikeClass(id)) {
      cls = id;
      method = null;
    } else {
      int dot = id.lastIndexOf('.');
      if (dot < 0) {
        return null;
      }
      cls = id.substring(0, dot);
      method = id.substring(dot + 1);
    }
    Set<String> candidates = bySimple.get(cls);
    if (!cls.contains(".") && candidates != null && candidates.size() == 1) {
      cls = candidates.iterator().next();
    }
    return method == null || method.equals("<init>") || method.equals("null") ? cls : cls + "#" + method;
  }

  /** {@code method(String)[3]} → {@code method}: invocations of one method are one test. */
  private static String withoutParameters(String body) {
    return body.replaceFirst("^(\\s*[\\w$.]+)\\([^)]*\\)(?:\\[\\d+\\])?", "$1");
  }

  /**
   * The id in a detail header ({@code id  Time elapsed: 0.004 sec  <<< ERROR!} or
   * {@code id -- Time elapsed: 0.06 s <<< FAILURE!}), or null. Plain string search: log lines
   * are untrusted and a backtracking pattern here was quadratic.
   */
  static String detailId(String body) {
    int at = body.indexOf(" Time elapsed:");
    if (at <= 0 || !(body.stripTrailing().endsWith("<<< FAILURE!") || body.stripTrailing().endsWith("<<< ERROR!"))) {
      return null;
    }
    String id = body.substring(0, at).stripTrailing();
    if (id.endsWith(" --")) {
      id = id.substring(0, id.length() - 3).stripTrailing();
    }
    return id.isEmpty() || Character.isWhitespace(id.charAt(0)) || id.startsWith("Tests run:") ? null : id;
  }

  /** The test name in a detail header, or null for a header that names nothing usable. */
  private static String detailName(String id, String currentClass, Set<String> knownClasses) {
    Matcher old = OLD_ID.matcher(id);
    if (old.matches() && !knownClasses.contains(id)) {
      return old.group("cls") + "#" + old.group("m");
    }
    String base = id.contains("(") ? id.substring(0, id.indexOf('(')) : id;
    base = base.replaceFirst("\\[[^\\]]*\\]$", "");
    if (knownClasses.contains(base) || looksLikeClass(base)) {
      return base;
    }
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      return base.substring(0, dot) + "#" + base.substring(dot + 1);
    }
    return currentClass == null ? null : currentClass + "#" + base;
  }

  /** {@code pkg.sub.ClassName}: lower-case package segments, then one capitalised segment. */
  private static boolean looksLikeClass(String id) {
    int dot = id.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String last = id.substring(dot + 1);
    return !last.isEmpty() && Character.isUpperCase(last.charAt(0)) && id.substring(0, dot).matches("[a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)*");
  }

  /** A detail block ends at a blank line, a log-level line or the next test's header. */
  private static int blockEnd(LogText log, int header) {
    int end = header;
    for (int j = header + 1; j < log.size(); j++) {
      String next = log.line(j);
      if (next.isBlank() || LEVEL.matcher(next).lookingAt() || detailId(next) != null || next.startsWith("Tests run:")
          || next.startsWith("Running ")) {
        break;
      }
      end = j;
    }
    return end;
  }

  private static String firstLine(List<String> block) {
    return block.stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(null);
  }

  private static String withoutLevel(String line) {
    return line.startsWith("[") ? LEVEL.matcher(line).replaceFirst("") : line;
  }

  static String simpleName(String cls) {
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  private static String className(String testName) {
    int hash = testName.indexOf('#');
    return hash < 0 ? testName : testName.substring(0, hash);
  }
}
