package dev.acs.github;

import java.time.Instant;
import java.util.Objects;

/** An installation access token and when GitHub says it expires. Never printed: see toString. */
public record InstallationToken(String token, Instant expiresAt) {
  public InstallationToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "InstallationToken[expires " + expiresAt + "]";
  }
}
