package dev.acs.workspace;

import java.util.Objects;

/**
 * A token that authorises git over HTTPS as user {@code x-access-token} (a GitHub App installation
 * token or an Actions GITHUB_TOKEN). It is handed to JGit per operation and never written to a
 * remote URL, a git config file or a log; {@link #toString()} does not show it.
 */
public final class AccessToken {
  /** No credentials: public repositories and local (file) remotes. */
  public static final AccessToken NONE = new AccessToken(null);

  public static final String USER = "x-access-token";

  private final String value;

  private AccessToken(String value) {
    this.value = value;
  }

  public static AccessToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("access token is empty");
    }
    if (token.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException("access token contains whitespace or control characters");
    }
    return new AccessToken(token);
  }

  public boolean isPresent() {
    return value != null;
  }

  String value() {
    return value;
  }

  /** The text with every occurrence of the token replaced, for messages built from git errors. */
  String redact(String text) {
    if (text == null || value == null) {
      return text;
    }
    return text.replace(value, "***");
  }

  @Override
  public String toString() {
    return value == null ? "AccessToken[none]" : "AccessToken[***]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessToken other && Objects.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value);
  }
}
