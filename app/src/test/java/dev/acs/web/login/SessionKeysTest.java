package dev.acs.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionKeysTest {
  private final SessionKeys keys = new SessionKeys("client secret one");

  @Test
  void aSealedTokenOpensOnlyWithTheSameSecretAndForTheSameSession() {
    String sealed = keys.seal("ghu_token", "session-a");
    assertThat(sealed).doesNotContain("ghu_token");
    assertThat(keys.open(sealed, "session-a")).contains("ghu_token");
    assertThat(keys.open(sealed, "session-b")).isEmpty();
    assertThat(new SessionKeys("client secret two").open(sealed, "session-a")).isEmpty();
    assertThat(keys.open("not base64 at all!", "session-a")).isEmpty();
    assertThat(keys.seal("ghu_token", "session-a")).isNotEqualTo(sealed); // a fresh IV each time
  }

  @Test
  void csrfTokensAreBoundToTheSessionAndTheSecret() {
    assertThat(keys.csrfToken("id-1")).isEqualTo(keys.csrfToken("id-1")).isNotEqualTo(keys.csrfToken("id-2"));
    assertThat(new SessionKeys("client secret two").csrfToken("id-1")).isNotEqualTo(keys.csrfToken("id-1"));
    assertThat(keys.randomId()).hasSize(43).isNotEqualTo(keys.randomId());
  }
}
