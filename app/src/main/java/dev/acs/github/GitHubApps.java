package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.kohsuke.github.GHApp;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * ACS as a GitHub App: signs the App JWT, mints and caches installation tokens, and hands out a
 * {@link RepoGitHub} per installation and repository. Also makes the token-based one the GitHub
 * Action uses. One instance per process: the token cache lives here.
 */
public final class GitHubApps {
  public static final String APP_ID_VAR = "GITHUB_APP_ID";
  public static final String API_URL_VAR = "GITHUB_API_URL";
  public static final String MAX_WAIT_VAR = "ACS_GITHUB_MAX_RATE_LIMIT_WAIT";
  public static final String DEFAULT_API_URL = "https://api.github.com";

  private final AppJwt jwt;
  private final String apiUrl;
  private final RateLimitWaits waits;
  private final HttpClient http;
  private final GitHub appClient;
  private final InstallationTokenCache tokens;
  private volatile GHApp app;

  public GitHubApps(long appId, RSAPrivateKey key, String apiUrl, Clock clock, RateLimitWaits waits) {
    this.jwt = new AppJwt(appId, key, clock);
    this.apiUrl = checkUrl(apiUrl);
    this.waits = waits;
    this.http = HubClients.httpClient();
    this.appClient = HubClients.build(this.apiUrl, jwt, waits, http);
    this.tokens = new InstallationTokenCache(this::mint, clock);
  }

  /**
   * From {@code GITHUB_APP_ID}, {@code GITHUB_APP_PRIVATE_KEY} or {@code
   * GITHUB_APP_PRIVATE_KEY_FILE}, {@code GITHUB_API_URL} and {@code ACS_GITHUB_MAX_RATE_LIMIT_WAIT}.
   */
  public static GitHubApps fromEnv(Env env) {
    String id = env.require(APP_ID_VAR, "the GitHub App's id (App settings → General → App ID)");
    long appId;
    try {
      appId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new ConfigException(APP_ID_VAR + " must be the App's numeric id (App settings → General → App ID), got '"
          + id + "'");
    }
    RSAPrivateKey key = AppPrivateKey.fromEnv(env).orElseThrow(() -> new ConfigException(
        "Neither " + AppPrivateKey.KEY_VAR + " nor " + AppPrivateKey.KEY_FILE_VAR
            + " is set: ACS needs the App's private key (.pem) to act as the App"));
    return new GitHubApps(appId, key, apiUrl(env), Clock.systemUTC(), waits(env));
  }

  public static String apiUrl(Env env) {
    return checkUrl(env.get(API_URL_VAR, DEFAULT_API_URL));
  }

  public static RateLimitWaits waits(Env env) {
    int seconds = env.getInt(MAX_WAIT_VAR, (int) RateLimitWaits.DEFAULT_MAX_WAIT.toSeconds());
    if (seconds < 0) {
      throw new ConfigException(MAX_WAIT_VAR + " must be 0 or more seconds, got " + seconds);
    }
    return new RateLimitWaits(Duration.ofSeconds(seconds), d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
  }

  private static String checkUrl(String url) {
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      URI uri = URI.create(u);
      if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("no scheme or host");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(API_URL_VAR + " must be an http(s) URL such as " + DEFAULT_API_URL
          + " or https://ghe.example.com/api/v3, got '" + url + "'");
    }
    return u;
  }

  public long appId() {
    return jwt.appId();
  }

  /** The App itself ({@code GET /app}), fetched once. */
  private GHApp app() {
    GHApp a = app;
    if (a == null) {
      synchronized (this) {
        if (app == null) {
          try {
            app = appClient.getApp();
          } catch (IOException e) {
            throw explain(GitHubErrors.from("read the App (GET /app)", e));
          }
        }
        a = app;
      }
    }
    return a;
  }

  /** {@code <slug>[bot]}, the login GitHub shows on everything the App does. */
  public String botLogin() {
    return app().getSlug() + "[bot]";
  }

  /** An installation token, from the cache while it has more than five minutes left. */
  public String installationToken(long installationId) {
    return tokens.token(installationId);
  }

  /** Drops the cached token (after GitHub rejected it, or the installation was removed). */
  public void forget(long installationId) {
    tokens.invalidate(installationId);
  }

  private InstallationToken mint(long installationId) {
    try {
      GHAppInstallationToken t = app().getInstallationById(installationId).createToken().create();
      return new InstallationToken(t.getToken(), t.getExpiresAt().toInstant());
    } catch (IOException e) {
      throw explain(GitHubErrors.from("create an installation token for installation " + installationId, e),
          installationId);
    }
  }

  private GitHubException explain(GitHubException e) {
    return explain(e, -1);
  }

  private GitHubException explain(GitHubException e, long installationId) {
    String hint =
        switch (e.status()) {
          case 401 -> " (GitHub did not accept the App's JWT: check that GITHUB_APP_ID " + appId()
              + " belongs to this private key, and that this machine's clock is right)";
          case 404 -> installationId < 0 ? "" : " (installation " + installationId
              + " is not an installation of App " + appId() + ": was the App uninstalled?)";
          case 403 -> " (the App may be suspended, or the installation lacks a permission)";
          default -> "";
        };
    return hint.isEmpty() ? e : new GitHubException(e.status(), e.getMessage() + hint, e);
  }

  /** The repository as seen by one App installation. No request is made until first use. */
  public RepoGitHub forInstallation(long installationId, String repoFullName) {
    AuthorizationProvider auth = () -> "token " + installationToken(installationId);
    GitHub hub = HubClients.build(apiUrl, auth, waits, http);
    Runnable forget = () -> forget(installationId);
    return new HubRepoGitHub(hub, new GitHubHttp(apiUrl, auth, waits, http, forget), repoFullName,
        this::botLogin, () -> installationToken(installationId), forget, apiUrl + " installation " + installationId);
  }

  /** The repository as seen by a plain token: the Action's GITHUB_TOKEN, or a personal token. */
  public static RepoGitHub forToken(String token, String repoFullName, String apiUrl) {
    return forToken(token, repoFullName, apiUrl, RateLimitWaits.standard());
  }

  /** Who the token acts as is asked of GitHub on first need ({@link #identityOf}). */
  public static RepoGitHub forToken(String token, String repoFullName, String apiUrl, RateLimitWaits waits) {
    return forToken(token, repoFullName, apiUrl, waits, null);
  }

  /**
   * With the login ACS acts as already known ({@code botLogin}, e.g. from {@link #identityOf}), or
   * null to ask GitHub on first need.
   */
  public static RepoGitHub forToken(String token, String repoFullName, String apiUrl, RateLimitWaits waits, String botLogin) {
    String url = tokenApiUrl(token, apiUrl);
    HttpClient http = SharedHttp.CLIENT;
    AuthorizationProvider auth = () -> "token " + token;
    GitHub hub = HubClients.build(url, auth, waits, http);
    GitHubHttp plain = new GitHubHttp(url, auth, waits, http);
    Supplier<String> login = botLogin != null ? () -> botLogin : new TokenLogin(plain);
    return new HubRepoGitHub(hub, plain, repoFullName, login, () -> token, () -> {}, url + " token " + digest(token));
  }

  /** A token's SHA-256, to tell tokens apart in a cache key without keeping the token. */
  private static String digest(String token) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private static String tokenApiUrl(String token, String apiUrl) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new ConfigException("the GitHub token is empty (in a workflow, pass ${{ github.token }})");
    }
    return checkUrl(apiUrl == null ? DEFAULT_API_URL : apiUrl);
  }

  /** Who a token acts as: the login GitHub shows on what it writes, and that account's user id (null when unknown). */
  public record TokenIdentity(String login, Long userId) {}

  /**
   * Who {@code token} acts as, from GraphQL's {@code viewer}, which answers an App installation
   * token ({@code <slug>[bot]}), the Actions GITHUB_TOKEN ({@code github-actions[bot]}, id 41898282)
   * and a person's token alike. Not from REST {@code GET /user}: GitHub refuses it (403) to every
   * installation token, and a guess then makes ACS mistake its own comments, check run and pushes
   * for someone else's. ({@code GET /app} would need the App's private key, which the Action has not.)
   */
  public static TokenIdentity identityOf(String token, String apiUrl, RateLimitWaits waits) {
    String url = tokenApiUrl(token, apiUrl);
    return viewer(new GitHubHttp(url, () -> "token " + token, waits, SharedHttp.CLIENT));
  }

  /**
   * The bot account of the App with this slug ({@code <slug>[bot]}), for a token the workflow made
   * from the App's key (e.g. actions/create-github-app-token's {@code app-slug} output). Its user id
   * is read from {@code GET /users/<slug>[bot]} unless given; unknown (null) if GitHub does not say.
   */
  public static TokenIdentity appIdentity(String appSlug, Long botUserId, String token, String apiUrl, RateLimitWaits waits) {
    String slug = appSlug.strip();
    String login = slug.endsWith("[bot]") ? slug : slug + "[bot]";
    if (botUserId != null) {
      return new TokenIdentity(login, botUserId);
    }
    String url = tokenApiUrl(token, apiUrl);
    GitHub hub = HubClients.build(url, () -> "token " + token, waits, SharedHttp.CLIENT);
    try {
      return new TokenIdentity(login, hub.getUser(login).getId());
    } catch (IOException e) {
      GitHubException failure = GitHubErrors.from("read the App's bot user " + login + " (GET /users/" + login + ")", e);
      if (failure.status() != 404) {
        throw failure;
      }
      throw new ConfigException("GitHub has no account " + login + ": check the App slug (the part of the App's URL after /apps/)", failure);
    }
  }

  private static TokenIdentity viewer(GitHubHttp http) {
    JsonNode viewer = http.graphql("query { viewer { login databaseId } }", Map.of(),
        "find who the token acts as (GraphQL viewer)").path("viewer");
    String login = viewer.path("login").asText("");
    if (login.isEmpty()) {
      throw new GitHubException(422, "find who the token acts as (GraphQL viewer): GitHub's answer has no login", null);
    }
    return new TokenIdentity(login, viewer.path("databaseId").canConvertToLong() ? viewer.path("databaseId").asLong() : null);
  }

  /** One JDK client (and its selector thread) for all token-based repositories, made on first use. */
  private static final class SharedHttp {
    static final HttpClient CLIENT = HubClients.httpClient();
  }

  /** Who a token acts as, asked once, when first needed ({@link #identityOf}). */
  private static final class TokenLogin implements Supplier<String> {
    private final GitHubHttp http;
    private String login;

    TokenLogin(GitHubHttp http) {
      this.http = http;
    }

    @Override
    public synchronized String get() {
      if (login == null) {
        login = viewer(http).login();
      }
      return login;
    }
  }

  @Override
  public String toString() {
    return "GitHubApps[app " + appId() + " at " + apiUrl + "]";
  }
}
