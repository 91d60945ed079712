package dev.acs.web.login;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.github.GitHubApps;
import dev.acs.github.GitHubOAuth;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What "Login with GitHub" needs, read from the environment. The three settings {@code
 * ACS_GITHUB_CLIENT_ID}, {@code ACS_GITHUB_CLIENT_SECRET} and {@code ACS_PUBLIC_URL} turn the login
 * (and with it the pages) on together: none set → off, some set → a start-up error naming the
 * missing ones.
 */
public record LoginSettings(
    String clientId,
    String clientSecret,
    String publicUrl,
    String githubUrl,
    String apiUrl,
    Set<String> admins,
    Duration sessionLifetime) {
  public static final String CLIENT_ID_VAR = "ACS_GITHUB_CLIENT_ID";
  public static final String CLIENT_SECRET_VAR = "ACS_GITHUB_CLIENT_SECRET";
  public static final String PUBLIC_URL_VAR = "ACS_PUBLIC_URL";
  public static final String GITHUB_URL_VAR = "ACS_GITHUB_URL";
  public static final String ADMINS_VAR = "ACS_ADMINS";
  public static final String SESSION_HOURS_VAR = "ACS_SESSION_HOURS";
  public static final int DEFAULT_SESSION_HOURS = 8;
  /** The OAuth callback, below {@code ACS_PUBLIC_URL}; the App's settings must list it. */
  public static final String CALLBACK_PATH = "/login/callback";

  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

  @Override
  public String toString() {
    return "LoginSettings[clientId=" + clientId + ", publicUrl=" + publicUrl + ", admins=" + admins + "]"; // never the secret
  }

  /** Empty when neither the client id nor the secret is set. @throws ConfigException when only some are, or one is malformed */
  public static Optional<LoginSettings> fromEnv(Env env) {
    List<String> names = List.of(CLIENT_ID_VAR, CLIENT_SECRET_VAR, PUBLIC_URL_VAR);
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (env.get(name).isEmpty()) {
        missing.add(name);
      }
    }
    // ACS_PUBLIC_URL alone is a setting of its own (links to the task pages): the login is off
    // until the OAuth client is configured.
    if (missing.contains(CLIENT_ID_VAR) && missing.contains(CLIENT_SECRET_VAR)) {
      return Optional.empty();
    }
    if (!missing.isEmpty()) {
      throw new ConfigException("GitHub login needs " + String.join(", ", names) + " together; "
          + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
          + " not set (the client id and secret are on the App's settings page; see docs/dashboard.md)");
    }
    return Optional.of(new LoginSettings(
        env.get(CLIENT_ID_VAR).orElseThrow(),
        env.get(CLIENT_SECRET_VAR).orElseThrow(),
        publicUrl(env.get(PUBLIC_URL_VAR).orElseThrow()),
        httpUrl(GITHUB_URL_VAR, env.get(GITHUB_URL_VAR, GitHubOAuth.DEFAULT_WEB_URL)),
        GitHubApps.apiUrl(env),
        admins(env.get(ADMINS_VAR, "")),
        sessionLifetime(env.getInt(SESSION_HOURS_VAR, DEFAULT_SESSION_HOURS))));
  }

  /** Where GitHub sends the browser back: {@code ACS_PUBLIC_URL + /login/callback}. */
  public String callbackUrl() {
    return publicUrl + CALLBACK_PATH;
  }

  /** Cookies carry {@code Secure} except when ACS is reached over plain http on this machine. */
  public boolean secureCookies() {
    return "https".equalsIgnoreCase(URI.create(publicUrl).getScheme());
  }

  public boolean isAdmin(String login) {
    return admins.contains(login.toLowerCase(Locale.ROOT));
  }

  static String publicUrl(String value) {
    String url = httpUrl(PUBLIC_URL_VAR, value);
    URI uri = URI.create(url);
    boolean local = "localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
        || "[::1]".equals(uri.getHost());
    if ("http".equalsIgnoreCase(uri.getScheme()) && !local) {
      throw new ConfigException(PUBLIC_URL_VAR + " must start with https:// (plain http:// only for localhost or"
          + " 127.0.0.1): session cookies would travel unencrypted, got '" + value + "'");
    }
    return url;
  }

  private static String httpUrl(String name, String value) {
    String url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " is not a URL: '" + value + "'", e);
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null
        || uri.getQuery() != null || uri.getFragment() != null) {
      throw new ConfigException(name + " must be an http(s) address without query, like https://acs.example.com,"
          + " got '" + value + "'");
    }
    return url;
  }

  static Set<String> admins(String value) {
    Set<String> logins = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String login = part.trim();
      if (login.isEmpty()) {
        continue;
      }
      if (!LOGIN.matcher(login).matches()) {
        throw new ConfigException(ADMINS_VAR + " is a comma-separated list of GitHub logins; '" + login + "' is not one");
      }
      logins.add(login.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(logins);
  }

  private static Duration sessionLifetime(int hours) {
    if (hours < 1 || hours > 24 * 7) {
      throw new ConfigException(SESSION_HOURS_VAR + " must be between 1 and 168 hours, got " + hours);
    }
    return Duration.ofHours(hours);
  }
}
