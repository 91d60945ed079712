package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build log is written by the code under test, so it can hold anything: every parser runs on
 * every log and must neither throw nor hang, and the excerpt for the model stays within its
 * budget. Seeds are a few of the real logs in src/test/resources/logs/.
 */
class FailureExtractorFuzzTest {
  @TempDir static Path checkout;

  @FuzzTest
  void readsAnyLog(byte[] input) {
    String log = new String(input, StandardCharsets.UTF_8);
    for (FailureExtractor extractor : new FailureExtractor[] {FailureExtractor.withoutCheckout(), FailureExtractor.forCheckout(checkout)}) {
      FailureReport report = extractor.extract(log);
      assertThat(report.kind()).isNotNull();
      assertThat(report.excerpt().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Excerpt.MAX_BYTES);
      for (CompileError e : report.compileErrors()) {
        // A file is null where the compiler named none ("Source option 5 is no longer supported").
        assertThat(e.message()).isNotNull();
        assertThat(e.line() == null || e.line() >= 0).as("line of %s", e).isTrue();
      }
      for (FailingTest t : report.failingTests()) {
        assertThat(t.name()).isNotBlank();
        assertThat(t.stackHead()).hasSizeLessThanOrEqualTo(FailingTest.MAX_STACK_LINES);
      }
    }
  }
}
