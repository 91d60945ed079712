package dev.acs.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * .github/acs.yml is written by anyone with push access: any text either loads (with warnings)
 * or fails with a RepoConfigException whose message can be posted as a comment; nothing else.
 */
class RepoConfigFuzzTest {

  @FuzzTest
  void loadsOrExplains(byte[] input) {
    String yaml = new String(input, StandardCharsets.UTF_8);
    try {
      RepoConfig.Loaded loaded = RepoConfig.parse(yaml);
      RepoConfig c = loaded.config();
      assertThat(c.maxAttempts()).isBetween(1, 20);
      assertThat(c.budget().maxSteps()).isBetween(1, 10_000);
      assertThat(c.label()).isNotBlank();
      assertThat(c.toMap()).isNotEmpty();
    } catch (RepoConfigException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
