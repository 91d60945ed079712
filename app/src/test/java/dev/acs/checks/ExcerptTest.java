package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExcerptTest {
  private static final FailureExtractor EXTRACTOR = FailureExtractor.withoutCheckout();

  @Test
  void twentyFailingTestsDoNotFitSoTheRestAreNamed() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("gson-1093-full-suite-surefire2.log"));
    String excerpt = report.excerpt();

    assertThat(excerpt.getBytes(StandardCharsets.UTF_8).length).isBetween(6 * 1024, 8 * 1024);
    assertThat(excerpt).startsWith("== failing tests (20) ==\n");
    assertThat(excerpt).containsPattern("… \\d+ more failing tests not shown: com\\.google\\.gson\\.");
    assertThat(excerpt).contains("== last lines of the log ==").contains("Tests run: 1029, Failures: 7, Errors: 13, Skipped: 1")
        .endsWith("[ERROR] Please refer to /tmp/gson-1093/gson/target/surefire-reports for the individual test results.\n");
    // The advice Maven prints after every failure is left out.
    assertThat(excerpt).doesNotContain("To see the full stack trace").doesNotContain("[Help 1]");
    assertThat(excerpt).doesNotContain("at junit.framework.TestCase.runTest");
    // The first test is quoted from the log with its stack head, not the runner frames below.
    assertThat(excerpt).contains("testDefaultDateDeserialization(com.google.gson.functional.DefaultTypeAdaptersTest)  Time elapsed");
  }

  @Test
  void theEndOfTheLogDoesNotRepeatWhatWasQuoted() {
    String excerpt = EXTRACTOR.extract(TestLogs.read("jackson-core-1309-surefire3.log")).excerpt();

    assertThat(excerpt.split("looksLikeValidNumberTrue -- Time elapsed", -1)).hasSize(2);
    assertThat(excerpt).contains("[ERROR]   NumberInputTest.looksLikeValidNumberTrue:109 expected: <true> but was: <false>");
  }

  @Test
  void compileErrorsComeFirstWithTheirContinuationLines() {
    String excerpt = EXTRACTOR.extract(TestLogs.read("go-test-build-failed.log")).excerpt();

    assertThat(excerpt.indexOf("== compile errors (2) ==")).isZero();
    assertThat(excerpt.indexOf("broken/broken.go:5:13: undefined: factor")).isLessThan(excerpt.indexOf("== failing tests"));
  }

  @Test
  void aLogWithoutFindingsGivesItsErrorLinesAndItsEnd() {
    String excerpt = EXTRACTOR.extract(TestLogs.read("maven-infra-refused.log")).excerpt();

    // 20 lines: the end of the log is all of it.
    assertThat(excerpt).startsWith("== last lines of the log ==\n[INFO] Scanning for projects...");
    assertThat(excerpt).contains("Could not transfer artifact org.apache.maven.plugins:maven-resources-plugin:pom:2.6");
  }

  @Test
  void aLongLogWithoutFindingsGivesItsErrorLinesBeforeItsEnd() {
    String log = "[ERROR] Could not transfer artifact a:b:pom:1 from/to central: Connection reset\n" + "[INFO] working\n".repeat(100) + "[INFO] BUILD FAILURE\n";

    String excerpt = EXTRACTOR.extract(log).excerpt();

    assertThat(excerpt).startsWith("== error lines ==\n[ERROR] Could not transfer artifact a:b:pom:1 from/to central: Connection reset\n== last lines of the log ==\n");
    assertThat(excerpt).endsWith("[INFO] BUILD FAILURE\n");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "remote: https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r.git | remote: https://x-access-token:***@github.com/o/r.git",
      "token=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB | token=***",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz | ***",
      "-----BEGIN RSA PRIVATE KEY----- | ***",
      "ghp_short is not a token | ghp_short is not a token",
  })
  void masksCredentialLookingTokens(String line, String masked) {
    assertThat(Excerpt.mask(line)).isEqualTo(masked);
  }

  @Test
  void maskedTokensNeverReachTheExcerpt() {
    String log = "[ERROR] COMPILATION ERROR : \n[ERROR] /p/src/main/java/A.java:[1,1] bad token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB\n[INFO] 1 error\n";

    assertThat(EXTRACTOR.extract(log).excerpt()).doesNotContain("ghp_abc").contains("bad token ***");
  }

  @Test
  void veryLongLinesAreClipped() {
    String log = "FAIL src/a.test.js\n  ● a\n\n    " + "x".repeat(100_000) + "\n";

    String excerpt = EXTRACTOR.extract(log).excerpt();

    assertThat(excerpt.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Excerpt.MAX_BYTES);
    assertThat(excerpt).contains("x".repeat(300)).doesNotContain("x".repeat(500));
  }
}
