package dev.acs.checks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failing tests in pytest's output. The names come from the short test summary
 * ({@code FAILED tests/test_x.py::TestC::test_m - message}, {@code ERROR tests/test_y.py}) and
 * from verbose result lines ({@code tests/test_x.py::test_m FAILED}); the message comes from the
 * first {@code E   } line of the test's section under {@code FAILURES} / {@code ERRORS}, because
 * the summary cuts messages to the terminal width.
 */
final class PytestTests implements LogParser {
  private static final Pattern SUMMARY = Pattern.compile("^(?<kind>FAILED|ERROR) (?<id>\\S.*?)(?: - (?<msg>.*))?$");
  private static final Pattern VERBOSE = Pattern.compile("^(?<id>\\S+::\\S+) (?<kind>FAILED|ERROR)\\b.*$");
  private static final Pattern SECTION = Pattern.compile("^_{3,} (?<title>.+?) _{3,}$");
  private static final Pattern BANNER = Pattern.compile("^={5,} .* ={5,}$");
  private static final Pattern LOCATION = Pattern.compile("^\\S+:\\d+:(?:\\s.*)?$");

  private record Section(int from, int to, String message, List<String> locations) {}

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    Map<String, Section> sections = sections(log);
    for (int i = 0; i < log.size(); i++) {
      String line = log.line(i);
      Matcher m = SUMMARY.matcher(line);
      if (!m.matches()) {
        m = VERBOSE.matcher(line);
        if (!m.matches()) {
          continue;
        }
      }
      String id = m.group("id");
      // Summary ids are paths; "FAILED" alone in other tools' output has no path or node id.
      if (!id.contains(".py")) {
        continue;
      }
      Section section = sections.get(sectionTitle(id));
      String message = section != null && section.message() != null ? section.message() : summaryMessage(m);
      List<String> head = section == null ? List.of() : section.locations();
      found.tool("pytest");
      if (section != null) {
        found.test(new FailingTest(id, message, head, "pytest"), section.from(), Math.min(section.to(), section.from() + 30));
      } else {
        found.test(new FailingTest(id, message, head, "pytest"), i, i);
      }
    }
  }

  private static String summaryMessage(Matcher m) {
    try {
      return m.group("msg");
    } catch (IllegalArgumentException noSuchGroup) {
      return null;
    }
  }

  /** {@code tests/t.py::TestC::test_m[1]} is titled {@code TestC.test_m[1]}; a module error {@code ERROR collecting tests/t.py}. */
  private static String sectionTitle(String id) {
    int sep = id.indexOf("::");
    if (sep < 0) {
      return "ERROR collecting " + id;
    }
    return id.substring(sep + 2).replace("::", ".");
  }

  private static Map<String, Section> sections(LogText log) {
    Map<String, Section> out = new HashMap<>();
    for (int i = 0; i < log.size(); i++) {
      Matcher s = SECTION.matcher(log.line(i));
      if (!s.matches()) {
        continue;
      }
      int end = i;
      String message = null;
      List<String> locations = new java.util.ArrayList<>();
      for (int j = i + 1; j < log.size(); j++) {
        String next = log.line(j);
        if (SECTION.matcher(next).matches() || BANNER.matcher(next).matches()) {
          break;
        }
        end = j;
        if (message == null && next.startsWith("E ")) {
          message = next.substring(1).strip();
        }
        if (LOCATION.matcher(next).matches() && locations.size() < FailingTest.MAX_STACK_LINES) {
          locations.add(next.strip());
        }
      }
      out.putIfAbsent(s.group("title"), new Section(i, end, message, locations));
    }
    return out;
  }
}
