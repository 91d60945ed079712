package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Questions ACS asks GitHub with a person's own user token: who they are ({@code GET /user}) and
 * whether they can read a repository ({@code GET /repos/{owner}/{repo}}). A revoked or expired token
 * is a {@link GitHubException} with status 401 ({@link GitHubException#status()}), so the caller
 * can end the session; 404 and 403 mean "cannot read", not an error. No rate-limit waits here:
 * these calls run on a web request, which should fail fast rather than hang.
 */
public final class GitHubUsers {
  private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  // GitHub sends this on answers to tokens that expire, e.g. "2026-12-05 07:00:00 UTC".
  private static final String EXPIRATION_HEADER = "github-authentication-token-expiration";
  private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ z][ Z]");

  /** Who a token belongs to, and when GitHub says the token stops working (if it says). */
  public record Identity(String login, Optional<Instant> tokenExpiresAt) {}

  private final String apiUrl;
  private final HttpClient http;

  public GitHubUsers(String apiUrl) {
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.http = HubClients.httpClient();
  }

  /** {@code GET /user}. @throws GitHubException 401 when the token is not (or no longer) valid */
  public Identity identify(String token) {
    HttpResponse<String> response = get("/user", token, "ask GitHub who the token belongs to");
    if (response.statusCode() != 200) {
      throw GitHubErrors.fromResponse("ask GitHub who the token belongs to", response.statusCode(), response.body());
    }
    String login = json(response).path("login").asText("");
    if (login.isBlank()) {
      throw new GitHubException(502, "GitHub's answer to GET /user has no login", null);
    }
    return new Identity(login, expiration(response));
  }

  /**
   * Whether the token's owner can read {@code owner/name}: 200 with {@code permissions.pull}
   * (a public repository GitHub shows without a permissions object counts as readable), 404 or 403
   * → no. For a GitHub App's user token GitHub answers 200 only where the App is installed, too.
   *
   * @throws GitHubException 401 for a revoked token; another status (5xx, rate limit) when GitHub
   *     could not answer, which the caller must not remember as "no"
   */
  public boolean canPull(String token, String fullName) {
    if (!FULL_NAME.matcher(fullName).matches() || fullName.contains("..")) {
      return false;
    }
    String doing = "ask GitHub whether the viewer can read " + fullName;
    HttpResponse<String> response = get("/repos/" + fullName, token, doing);
    int status = response.statusCode();
    if (status == 404 || status == 403 && !rateLimited(response)) {
      return false;
    }
    if (status != 200) {
      throw GitHubErrors.fromResponse(doing, status, response.body());
    }
    JsonNode pull = json(response).path("permissions").path("pull");
    return pull.isMissingNode() || pull.asBoolean(false);
  }

  private HttpResponse<String> get(String path, String token, String doing) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path))
        .timeout(TIMEOUT)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", GitHubHttp.API_VERSION)
        .header("User-Agent", "acs")
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw GitHubErrors.from(doing, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(-1, doing + ": interrupted", e);
    }
  }

  private static boolean rateLimited(HttpResponse<?> response) {
    return "0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse(null))
        || response.headers().firstValue("retry-after").isPresent();
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new GitHubException(response.statusCode(), "GitHub's answer is not JSON", e);
    }
  }

  static Optional<Instant> expiration(HttpResponse<?> response) {
    return response.headers().firstValue(EXPIRATION_HEADER).flatMap(GitHubUsers::parseExpiration);
  }

  static Optional<Instant> parseExpiration(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value.trim(), EXPIRATION).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty(); // an unreadable date: fall back to the cache's own bound
    }
  }
}
