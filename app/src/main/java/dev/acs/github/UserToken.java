package dev.acs.github;

import java.time.Instant;
import java.util.Optional;

/**
 * A GitHub user access token, as the App's OAuth client receives it or as someone presents it to
 * the API ({@code Authorization: Bearer}). {@code expiresAt} is when GitHub says it stops working
 * (expiring user tokens, on by default for GitHub Apps), empty when GitHub did not say.
 */
public record UserToken(String value, Optional<Instant> expiresAt) {
  public UserToken {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty token");
    }
  }

  @Override
  public String toString() {
    return "UserToken[expiresAt=" + expiresAt.map(Instant::toString).orElse("unknown") + "]"; // never the value
  }
}
