package dev.acs.config;

/**
 * A repository's {@code .github/acs.yml} cannot be used. The message says what is wrong in words a
 * repository owner can act on; the caller posts it (as a comment or check-run summary).
 */
public final class RepoConfigException extends RuntimeException {
  public RepoConfigException(String message) {
    super(message);
  }
}
