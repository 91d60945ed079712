package dev.acs.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failing tests in Jest's output: a {@code FAIL path/to/file.test.js} line opens a suite, each
 * {@code ● describe › test} inside it is one failing test (named {@code path#describe › test}),
 * followed by the assertion message, a code frame and {@code at} lines. {@code ● Test suite failed
 * to run} is a failure of the whole file. {@code ● Console} blocks are captured output, not
 * failures. Jest repeats failures under {@code Summary of all failing tests}; those merge.
 */
final class JestTests implements LogParser {
  private static final Pattern SUITE = Pattern.compile("^\\s*FAIL\\s+(?<file>\\S+?)(?:\\s+\\(.*\\))?\\s*$");
  private static final Pattern PASS = Pattern.compile("^\\s*PASS\\s+\\S+");
  private static final Pattern BULLET = Pattern.compile("^\\s*● (?<title>.+?)\\s*$");
  private static final Pattern SUMMARY_END = Pattern.compile("^(?:Test Suites:|Tests:|Snapshots:|Time:)");

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    String suite = null;
    for (int i = 0; i < log.size(); i++) {
      String line = log.line(i);
      Matcher s = SUITE.matcher(line);
      if (s.matches()) {
        suite = paths.relativize(s.group("file"));
        continue;
      }
      if (PASS.matcher(line).lookingAt() || SUMMARY_END.matcher(line).lookingAt()) {
        suite = null;
        continue;
      }
      Matcher b = BULLET.matcher(line);
      if (suite == null || !b.matches() || b.group("title").startsWith("Console")) {
        continue;
      }
      String title = b.group("title");
      List<String> block = new ArrayList<>();
      int end = i;
      for (int j = i + 1; j < log.size(); j++) {
        String next = log.line(j);
        if (BULLET.matcher(next).matches() || SUITE.matcher(next).matches() || PASS.matcher(next).lookingAt()
            || SUMMARY_END.matcher(next).lookingAt()) {
          break;
        }
        block.add(next);
        end = j;
      }
      String message = block.stream().map(String::strip).filter(x -> !x.isEmpty()).findFirst().orElse(null);
      List<String> head = new ArrayList<>();
      if (message != null) {
        head.add(message);
      }
      block.stream().map(String::strip).filter(x -> x.startsWith("at ")).limit(3).forEach(head::add);
      String name = title.equals("Test suite failed to run") ? suite : suite + "#" + title;
      found.tool("jest");
      found.test(new FailingTest(name, message, head, "jest"), i, Math.min(end, i + 24));
      i = end;
    }
  }
}
