package dev.acs.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failing tests in Gradle's console output: {@code pkg.Class > method FAILED} (JUnit 4, Gradle
 * 4), {@code Class > method() FAILED} (JUnit 5), {@code Class > method(int) > [1] 1 FAILED}
 * (parameterised), each followed by indented exception lines: {@code org.junit.ComparisonFailure
 * at SlugTest.java:15} in the default short format, the full message and {@code at} frames with
 * {@code exceptionFormat = 'full'}.
 */
final class GradleTests implements LogParser {
  private static final Pattern HEADER = Pattern.compile("^(?<cls>[\\w$]+(?:\\.[\\w$]+)*) > (?<test>.+?) FAILED\\s*$");

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    for (int i = 0; i < log.size(); i++) {
      Matcher m = HEADER.matcher(log.line(i));
      if (!m.matches()) {
        continue;
      }
      String cls = m.group("cls");
      String method = m.group("test");
      // JUnit 5 shows "method()"; a parameterised run adds " > [n] args" per invocation.
      int nested = method.indexOf(" > ");
      if (nested > 0) {
        method = method.substring(0, nested);
      }
      if (method.endsWith("()")) {
        method = method.substring(0, method.length() - 2);
      } else if (method.contains("(")) {
        method = method.substring(0, method.indexOf('('));
      }
      List<String> block = new ArrayList<>();
      int end = i;
      for (int j = i + 1; j < log.size(); j++) {
        String next = log.line(j);
        if (next.isEmpty() || !Character.isWhitespace(next.charAt(0))) {
          break;
        }
        block.add(next);
        end = j;
      }
      String message = block.isEmpty() ? null : block.get(0).strip();
      found.tool("gradle");
      List<String> head = StackHeads.of(block, cls);
      found.test(new FailingTest(cls + "#" + method, message, head, "gradle"), i, Math.min(end, i + head.size()));
      i = end;
    }
  }
}
