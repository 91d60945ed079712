package dev.acs.checks;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What ACS read from a failing build: the output of {@code acs explain-failure} and the input of
 * a repair. {@code tool} is the build tool the log came from ({@code maven}, {@code gradle},
 * {@code npm}, {@code pytest}, {@code go}, {@code junit-xml} or {@code unknown}); {@code excerpt}
 * is the part of the log a model gets, at most {@link Excerpt#MAX_BYTES} bytes of UTF-8.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"tool", "kind", "reason", "failing_tests", "compile_errors", "lint_errors", "excerpt"})
public record FailureReport(
    String tool,
    FailureKind kind,
    String reason,
    List<FailingTest> failingTests,
    List<CompileError> compileErrors,
    List<LintError> lintErrors,
    String excerpt) {

  public FailureReport {
    failingTests = List.copyOf(failingTests);
    compileErrors = List.copyOf(compileErrors);
    lintErrors = List.copyOf(lintErrors);
  }

  /** Names of the failing tests, in the order the log reported them. */
  public List<String> failingTestNames() {
    return failingTests.stream().map(FailingTest::name).toList();
  }
}
