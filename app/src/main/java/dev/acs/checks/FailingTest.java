package dev.acs.checks;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One test the build reported as failed or errored.
 *
 * <p>{@code name} follows the ecosystem's own identifier: {@code fully.qualified.Class#method} for
 * JVM tests (Surefire, Gradle, JUnit XML), {@code path#describe › test} for Jest, the pytest node
 * id ({@code tests/test_x.py::TestC::test_m}) for pytest, {@code import/path#TestName/subtest} for
 * Go. A failure of a whole class (set-up error) has no {@code #method} part. {@code message} is the
 * first line of the failure (for JVM tests the exception line), {@code stackHead} the lines after
 * it down to the first frame in test code, at most {@value #MAX_STACK_LINES}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailingTest(String name, String message, List<String> stackHead, String tool) {
  public static final int MAX_STACK_LINES = 12;

  public FailingTest {
    stackHead = stackHead == null ? List.of() : List.copyOf(stackHead);
  }

  /** This test with blanks filled from another report of the same test (summary, XML). */
  FailingTest mergedWith(FailingTest other) {
    return new FailingTest(
        name,
        message == null || message.isBlank() ? other.message : message,
        stackHead.isEmpty() ? other.stackHead : stackHead,
        tool);
  }
}
