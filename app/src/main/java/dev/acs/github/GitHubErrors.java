package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.regex.Pattern;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.HttpException;

/**
 * Turns what hub4j and the HTTP client throw into {@link GitHubException}: the HTTP status, what
 * ACS was doing, and GitHub's own {@code message}. Every message passes {@link #scrub} so that no
 * token, JWT or key can reach a log or a comment through an exception.
 */
final class GitHubErrors {
  private static final Pattern SECRETS =
      Pattern.compile(
          "-----BEGIN[^-]*-----[\\s\\S]*?(-----END[^-]*-----|$)"
              + "|\\bgh[pousr]_[A-Za-z0-9]{20,}"
              + "|\\bgithub_pat_[A-Za-z0-9_]{20,}"
              + "|\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
              + "|(?i)(?<=\\b(token|bearer|x-access-token:)\\s?)[A-Za-z0-9_.\\-]{16,}");

  private static final int MAX_MESSAGE = 500;

  private GitHubErrors() {}

  static GitHubException from(String doing, IOException e) {
    if (e instanceof HubClients.RateLimited limited) {
      return limited.failure;
    }
    if (e instanceof FileNotFoundException) {
      return new GitHubException(404, doing + ": GitHub answered 404 Not Found" + detail(e.getMessage()), e);
    }
    if (e instanceof HttpException http && http.getResponseCode() >= 400) {
      int status = http.getResponseCode();
      return new GitHubException(status, doing + ": GitHub answered " + status + detail(http.getMessage()), e);
    }
    if (e instanceof GHIOException && String.valueOf(e.getMessage()).startsWith("Ran out of retries")) {
      return new GitHubException(429, doing + ": GitHub kept answering with rate limits after ACS"
          + " waited; try again later", e);
    }
    if (e instanceof HttpException http && http.getResponseCode() < 0 || unreachable(e) != null) {
      // No answer at all: hub4j reports "response code: -1, message: 'null'"; say where and why instead.
      String url = e instanceof HttpException http ? http.getUrl() : null;
      return new GitHubException(-1, doing + ": could not reach GitHub" + (url == null ? "" : " at " + origin(url))
          + " (" + reason(e) + ")", e);
    }
    return new GitHubException(-1, doing + ": could not talk to GitHub ("
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + scrub(shorten(e.getMessage())))
        + ")", e);
  }

  /** Why no answer came, in words: "connection refused", "unknown host api.example.com", ... */
  static String reason(Throwable e) {
    Throwable cause = unreachable(e);
    if (cause instanceof java.net.UnknownHostException) {
      return "unknown host" + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused or no route" + (cause.getMessage() == null ? "" : ": " + scrub(shorten(cause.getMessage())));
    }
    if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
      return "timed out";
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      return "TLS failed: " + scrub(shorten(String.valueOf(cause.getMessage())));
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + scrub(shorten(root.getMessage())));
  }

  /** The cause that says GitHub was not reached (connection, DNS, timeout, TLS), or null. */
  private static Throwable unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException
          || t instanceof javax.net.ssl.SSLException || t instanceof java.net.NoRouteToHostException) {
        return t;
      }
    }
    return null;
  }

  /** scheme://host[:port] of a URL: where, without the path or query. */
  static String origin(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    } catch (IllegalArgumentException notAUrl) {
      return scrub(shorten(url));
    }
  }

  /** For a status and body received by the plain HTTP client. */
  static GitHubException fromResponse(String doing, int status, String body) {
    return new GitHubException(status, doing + ": GitHub answered " + status + detail(body), null);
  }

  /** GitHub's {@code message} (and first error) from a JSON error body, else the body's start. */
  static String detail(String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    int brace = raw.indexOf('{');
    if (brace >= 0) {
      try {
        JsonNode body = Json.MAPPER.readTree(raw.substring(brace));
        String message = body.path("message").asText("");
        JsonNode firstError = body.path("errors").path(0);
        String extra =
            firstError.isTextual() ? firstError.asText()
                : firstError.isObject() ? firstError.path("message").asText(firstError.path("code").asText(""))
                : "";
        if (!message.isEmpty()) {
          return ": " + scrub(shorten(message + (extra.isEmpty() ? "" : " (" + extra + ")")));
        }
      } catch (IOException notJson) {
        // fall through to the raw text
      }
    }
    return ": " + scrub(shorten(raw.strip()));
  }

  static String scrub(String text) {
    return text == null ? null : SECRETS.matcher(text).replaceAll("[redacted]");
  }

  private static String shorten(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
  }
}
