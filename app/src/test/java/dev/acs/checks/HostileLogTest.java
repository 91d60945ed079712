package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logs carry text the tested code printed, so a pull request controls part of them. Lines built
 * to make backtracking patterns slow must not stall the worker: this is a hang guard with a
 * generous limit, not a performance measurement (bench/explain-failure.sh measures).
 */
class HostileLogTest {
  private static final String SPACES = " ".repeat(10_000);

  @ParameterizedTest
  @ValueSource(strings = {
      "x" + "\u0000" + " Time elapsed: <<< FAILURE!",
      "a.b.C.m" + "\u0000" + "-- Time elapsed:",
      "/p/A.java:1: error: " + "\u0000",
      "  1:1  error  " + "\u0000" + "x",
      "FAILED tests/t.py::x" + "\u0000",
      "a.B > " + "\u0000" + " FAILED",
      "[ERROR] /p/A.java:[1,1] " + "\u0000",
      "PMD Failure: " + "\u0000",
      "Could not " + "\u0000" + "connection timed",
  })
  void pathologicalLinesAreParsedQuickly(String template) {
    // Many lines of the template with a huge run of spaces where \0 is, behind an ESLint file line.
    String line = template.replace("\u0000", SPACES);
    String log = "/p/src/a.js\n" + (line + "\n").repeat(500) + "Tests run: 1\n";

    FailureReport report = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> FailureExtractor.withoutCheckout().extract(log));

    assertThat(report.excerpt().length()).isLessThanOrEqualTo(Excerpt.MAX_BYTES);
  }
}
