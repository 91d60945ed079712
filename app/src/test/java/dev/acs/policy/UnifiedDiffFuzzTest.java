package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acs.policy.UnifiedDiff.FileDiff;
import dev.acs.policy.UnifiedDiff.Kind;
import dev.acs.policy.UnifiedDiff.Line;

/**
 * Any text, model-made or truncated, either parses or is refused with IllegalArgumentException
 * (which the guardrails turn into a deny); no other exception, and the line numbers of what it
 * parses are usable for a refusal message. Replays UnifiedDiffFuzzTestInputs/ in the normal run;
 * bench/fuzz.sh fuzzes it.
 */
class UnifiedDiffFuzzTest {

  @FuzzTest
  void parsesOrRefuses(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    UnifiedDiff diff;
    try {
      diff = UnifiedDiff.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    for (FileDiff file : diff.files()) {
      assertThat(file.path()).isNotNull();
      for (Line added : file.lines(Kind.ADDED)) {
        assertThat(added.newLine()).isPositive();
      }
      for (Line removed : file.lines(Kind.REMOVED)) {
        assertThat(removed.oldLine()).isPositive();
      }
    }
  }
}
