package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogTextTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // runner format, 7 fraction digits
      "2024-05-01T12:00:00.1234567Z [ERROR] Failures: | [ERROR] Failures: ",
      // other fraction lengths, and none
      "2024-05-01T12:00:00.12Z BUILD FAILURE | BUILD FAILURE",
      "2024-05-01T12:00:00Z ok | ok",
      // markers stay
      "2024-05-01T12:00:00.0000000Z ##[error]Process completed with exit code 1. | ##[error]Process completed with exit code 1.",
      // a timestamp later in the line is the tool's own text
      "[INFO] Finished at: 2026-11-21T14:01:42Z | [INFO] Finished at: 2026-11-21T14:01:42Z",
  })
  void stripsWhatTheTransportAdded(String raw, String expected) {
    assertThat(LogText.of(raw).line(0)).isEqualTo(expected);
  }

  @Test
  void stripsAnsiSequences() {
    // Maven 3.8 prints two resets even with -B; coloured output has SGR sequences. (Not in the
    // CSV table above: its parser eats the escape character.)
    assertThat(LogText.of("\u001B[0m\u001B[0m[INFO] Scanning for projects...").line(0)).isEqualTo("[INFO] Scanning for projects...");
    assertThat(LogText.of("\u001B[1;31mERROR\u001B[m boom").line(0)).isEqualTo("ERROR boom");
  }

  @Test
  void splitsAnyLineEndingAndDropsTheByteOrderMark() {
    LogText log = LogText.of("\uFEFFa\r\nb\rc\n\nd\n");

    assertThat(log.lines()).isEqualTo(List.of("a", "b", "c", "", "d"));
  }

  @Test
  void recognisesActionsFormatByMostLinesNotOne() {
    assertThat(LogText.of(TestLogs.read("gson-test-compile-error.actions.log")).actionsFormat()).isTrue();
    assertThat(LogText.of(TestLogs.read("gson-1093-surefire2.log")).actionsFormat()).isFalse();
    assertThat(LogText.of("2024-05-01T12:00:00Z x\nplain\nplain").actionsFormat()).isFalse();
  }

  @Test
  void actionsAndPlainVersionsOfTheSameBuildGiveTheSameFindings() {
    FailureExtractor x = FailureExtractor.withoutCheckout();
    FailureReport plain = x.extract(TestLogs.read("jackson-core-1309-surefire3.log"));
    FailureReport actions = x.extract(TestLogs.read("jackson-core-1309-surefire3.actions.log"));

    assertThat(actions.failingTests()).isEqualTo(plain.failingTests());
  }
}
