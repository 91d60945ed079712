package dev.acs.github;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.kohsuke.github.extras.HttpClientGitHubConnector;

/** Builds hub4j clients that wait out rate limits the ACS way ({@link RateLimitWaits}). */
final class HubClients {
  private HubClients() {}

  /** One JDK HTTP client per GitHub: no automatic redirects (hub4j drops auth on redirects itself). */
  static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static GitHub build(String apiUrl, AuthorizationProvider auth, RateLimitWaits waits, HttpClient http) {
    try {
      return new GitHubBuilder()
          .withEndpoint(apiUrl)
          .withAuthorizationProvider(auth)
          .withConnector(new HttpClientGitHubConnector(http))
          .withRateLimitHandler(new PrimaryLimit(waits))
          .withAbuseLimitHandler(new SecondaryLimit(waits))
          .build();
    } catch (IOException e) {
      throw GitHubErrors.from("connect to " + apiUrl, e);
    }
  }

  /**
   * Thrown from the handlers; a GHIOException so that hub4j passes it through unchanged instead
   * of replacing it with the response body.
   */
  static final class RateLimited extends GHIOException {
    private static final long serialVersionUID = 1L;
    final transient GitHubException failure;

    RateLimited(GitHubException failure) {
      super(failure.getMessage());
      this.failure = failure;
    }
  }

  private static void onLimit(RateLimitWaits waits, GitHubConnectorResponse response) throws IOException {
    int status = response.statusCode();
    String doing = response.request().method() + " " + response.request().url().getPath();
    RateLimitWaits.Hit hit =
        waits.hit(status, response::header)
            .orElse(new RateLimitWaits.Hit("secondary rate limit", RateLimitWaits.SECONDARY_DEFAULT));
    try {
      waits.waitOrFail(status, hit, doing);
    } catch (GitHubException e) {
      throw new RateLimited(e);
    }
  }

  /** hub4j calls it for 403 with x-ratelimit-remaining: 0. */
  private static final class PrimaryLimit extends GitHubRateLimitHandler {
    private final RateLimitWaits waits;

    PrimaryLimit(RateLimitWaits waits) {
      this.waits = waits;
    }

    @Override
    public void onError(GitHubConnectorResponse response) throws IOException {
      onLimit(waits, response);
    }
  }

  /** hub4j calls it for 429, and 403 with retry-after or gh-limited-by. */
  private static final class SecondaryLimit extends GitHubAbuseLimitHandler {
    private final RateLimitWaits waits;

    SecondaryLimit(RateLimitWaits waits) {
      this.waits = waits;
    }

    @Override
    public void onError(GitHubConnectorResponse response) throws IOException {
      onLimit(waits, response);
    }
  }
}
