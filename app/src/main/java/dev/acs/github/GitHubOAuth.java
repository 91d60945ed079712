package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GitHub's OAuth web flow for the App's OAuth client: the authorize address a person is sent to,
 * and trading the one-time {@code code} GitHub puts on the callback for a user access token
 * ({@code POST <github>/login/oauth/access_token}). {@code webUrl} is {@code https://github.com},
 * or {@code https://HOST} on GitHub Enterprise Server.
 */
public final class GitHubOAuth {
  public static final String DEFAULT_WEB_URL = "https://github.com";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final String webUrl;
  private final String clientId;
  private final String clientSecret;
  private final HttpClient http;
  private final Clock clock;

  public GitHubOAuth(String webUrl, String clientId, String clientSecret, Clock clock) {
    this.webUrl = webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.http = HubClients.httpClient();
  }

  /** Where to send the browser: GitHub asks the person to authorize the App, then comes back with code and state. */
  public URI authorizeUrl(String redirectUri, String state) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", clientId);
    q.put("redirect_uri", redirectUri);
    q.put("state", state);
    q.put("allow_signup", "false");
    return URI.create(webUrl + "/login/oauth/authorize?" + form(q));
  }

  /**
   * The code from the callback for the person's token. GitHub answers a bad or used code with 200
   * and an {@code error} field; that becomes a {@link GitHubException} (status 400) with GitHub's
   * description, never the code or the secret.
   */
  public UserToken exchange(String code, String redirectUri) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("client_id", clientId);
    f.put("client_secret", clientSecret);
    f.put("code", code);
    f.put("redirect_uri", redirectUri);
    HttpRequest request = HttpRequest.newBuilder(URI.create(webUrl + "/login/oauth/access_token"))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "acs")
        .POST(HttpRequest.BodyPublishers.ofString(form(f)))
        .build();
    String doing = "trade the login code for a user token at " + webUrl;
    Instant asked = clock.instant();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw GitHubErrors.from(doing, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(-1, doing + ": interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw GitHubErrors.fromResponse(doing, response.statusCode(), response.body());
    }
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new GitHubException(response.statusCode(), doing + ": GitHub's answer is not JSON", e);
    }
    if (answer.hasNonNull("error")) {
      String why = answer.path("error_description").asText(answer.path("error").asText());
      throw new GitHubException(400, doing + ": GitHub refused (" + answer.path("error").asText() + "): "
          + GitHubErrors.scrub(why), null);
    }
    String token = answer.path("access_token").asText("");
    if (token.isBlank()) {
      throw new GitHubException(502, doing + ": GitHub's answer has no access_token", null);
    }
    // expires_in counts from when GitHub answered; counting from the question errs on the early side.
    Optional<Instant> expires = answer.path("expires_in").canConvertToLong() && answer.path("expires_in").asLong() > 0
        ? Optional.of(asked.plusSeconds(answer.path("expires_in").asLong()))
        : Optional.empty();
    return new UserToken(token, expires);
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
