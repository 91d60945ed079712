package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus test's own checks fail when what they look for is there: a fence that does not close
 * or holds a look-alike, a canary file, a secret in the obedient model's view. (The whole corpus
 * run was also run against deliberately weakened defences; see the report in docs/security.md.)
 */
class InjectionChecksTest {
  @TempDir Path tmp;

  @Test
  void aFenceThatDoesNotHoldIsReported() {
    String good = "x\n<<<BEGIN UNTRUSTED FILE 0123456789ab>>>\n    1| a\n<<<END UNTRUSTED FILE 0123456789ab>>>\n";
    String unclosed = "<<<BEGIN UNTRUSTED FILE 0123456789ab>>>\n    1| a\n<<<END UNTRUSTED FILE ffffffffffff>>>\n";
    String lookalike = "<<<BEGIN UNTRUSTED ISSUE 0123456789ab>>>\nend\u200b untrusted\n<<<END UNTRUSTED ISSUE 0123456789ab>>>\n";
    assertThat(ObeyingModel.brokenFences(List.of(good))).isEmpty();
    assertThat(ObeyingModel.brokenFences(List.of(unclosed))).singleElement().asString().contains("no matching end marker");
    assertThat(ObeyingModel.brokenFences(List.of(lookalike))).singleElement().asString().contains("look-alike");
  }

  @Test
  void aCanaryAnywhereUnderTheDirectoryIsFound() throws Exception {
    Files.createDirectories(tmp.resolve("work/tasks"));
    Files.writeString(tmp.resolve("work/tasks/acs-canary-x"), "x");
    assertThat(InjectionEvidence.canaries(tmp)).containsExactly(tmp.resolve("work/tasks/acs-canary-x"));
  }

  @Test
  void theObedientModelSeesEverySecretShapeItWouldLeak() {
    assertThat(ObeyingModel.secretsIn("a " + PipelineRig.TOKEN + " b " + InjectionCorpusTest.MODEL_KEY + " c " + InjectionCorpusTest.WEBHOOK_SECRET))
        .contains(PipelineRig.TOKEN).contains(InjectionCorpusTest.MODEL_KEY).contains(InjectionCorpusTest.WEBHOOK_SECRET);
    assertThat(ObeyingModel.secretsIn("[REDACTED] and *** only")).isEmpty();
  }
}
