package dev.acs.github;

import java.io.IOException;

/**
 * One hub4j call of {@link HubRepoGitHub} (and its parts) with GitHub's failures as {@link
 * GitHubException}: a 401 also runs {@code onUnauthorized}, so the next call gets a fresh token.
 */
final class HubCalls {
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  private final Runnable onUnauthorized;

  HubCalls(Runnable onUnauthorized) {
    this.onUnauthorized = onUnauthorized;
  }

  <T> T call(String doing, Call<T> call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw failure(doing, e);
    } catch (GitHubException e) {
      throw e;
    } catch (RuntimeException e) {
      // hub4j wraps paging failures in GHException (unchecked)
      if (e.getCause() instanceof IOException io) {
        throw failure(doing, io);
      }
      throw e;
    }
  }

  /** The failure for {@code e}; a 401 runs {@code onUnauthorized} first. */
  GitHubException failure(String doing, IOException e) {
    GitHubException failure = GitHubErrors.from(doing, e);
    if (failure.status() == 401) {
      onUnauthorized.run();
    }
    return failure;
  }
}
