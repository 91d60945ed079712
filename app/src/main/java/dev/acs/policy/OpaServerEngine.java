package dev.acs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OPA server run by the organisation, asked through OPA's REST Data API:
 * {@code POST /v1/data/acs/decision} with {@code {"input": …}}; the decision comes back under
 * {@code result}, and a response without {@code result} means the document is undefined (no
 * such policy loaded). Connection failures and 5xx answers are retried a few times with a short
 * backoff, within one deadline per decision; whatever still fails, times out, or answers
 * something that is not exactly one decision (duplicate keys, trailing content), denies with
 * "policy engine unavailable". Nothing here ever allows by default.
 */
public final class OpaServerEngine implements PolicyGate {
  public static final String NAME = "opa-server";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_RETRIES = 2;

  private static final Logger log = LoggerFactory.getLogger(OpaServerEngine.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  /** A decision is a few hundred bytes; more than this is not an answer to read. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final ObjectMapper STRICT =
      Json.MAPPER.copy()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final URI endpoint;
  private final String entrypoint;
  private final Duration timeout;
  private final int retries;
  private final String token;
  private final HttpClient http;

  /**
   * @param baseUrl the OPA server, e.g. {@code http://opa:8181}; a URL that already names a
   *     {@code /v1/data/...} path is used as it is
   * @param token a bearer token for an OPA started with {@code --authentication=token}, or null
   */
  public OpaServerEngine(String baseUrl, String entrypoint, Duration timeout, int retries, String token) {
    this.entrypoint = entrypoint == null || entrypoint.isBlank() ? WasmPolicyEngine.DEFAULT_ENTRYPOINT : entrypoint;
    this.endpoint = endpoint(baseUrl, this.entrypoint);
    this.timeout = timeout;
    this.retries = Math.max(0, retries);
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  static URI endpoint(String baseUrl, String entrypoint) {
    URI uri;
    try {
      uri = URI.create(baseUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("ACS_OPA_URL is not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
      throw new ConfigException("ACS_OPA_URL must be an http(s) URL such as http://localhost:8181");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.contains("/v1/data/")) {
      return uri;
    }
    String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return uri.resolve(base + "/v1/data/" + entrypoint);
  }

  @Override
  public String name() {
    return NAME;
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public PolicyDecision decide(PolicyInput input) {
    return evaluate(Json.MAPPER.valueToTree(input));
  }

  /**
   * Asks the server for the decision on any input document. One deadline ({@code timeout}) covers
   * the whole decision: connecting, the headers and the whole body, and every retry: a server that
   * answers its headers and then one byte at a time cannot hold a decision longer. The body is
   * read up to {@link #MAX_BODY_BYTES}.
   */
  public PolicyDecision evaluate(JsonNode input) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("input", input);
    String json = body.toString();
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastProblem = "no answer";
    int tries = 0;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
        if (remaining(deadline).compareTo(backoff) <= 0 || !sleep(backoff)) {
          break;
        }
      }
      Duration left = remaining(deadline);
      if (left.isZero()) {
        break;
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(endpoint)
              .timeout(left)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json));
      if (token != null && !token.isBlank()) {
        request.header("Authorization", "Bearer " + token);
      }
      tries++;
      CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request.build(), info -> new LimitedBody(MAX_BODY_BYTES));
      HttpResponse<byte[]> response;
      try {
        response = pending.get(left.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true); // aborts the exchange: the connection is closed, not left to dribble
        lastProblem = late();
        break;
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        lastProblem = "interrupted while asking OPA at " + where();
        break;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (tooLarge(cause)) {
          return unavailable("OPA at " + where() + " answered with more than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        lastProblem = cause instanceof HttpTimeoutException
            ? late()
            : "cannot reach OPA at " + where() + " (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")";
        continue;
      }
      int status = response.statusCode();
      String text = new String(response.body(), StandardCharsets.UTF_8);
      if (status == 200) {
        return readDecision(response.body());
      }
      if (status < 500) {
        // 4xx: a bad request or authorization problem will not fix itself by asking again.
        return unavailable("OPA at " + where() + " answered " + status + errorOf(text));
      }
      lastProblem = "OPA at " + where() + " answered " + status + errorOf(text);
    }
    return unavailable(lastProblem + (tries > 1 ? " after " + tries + " tries" : ""));
  }

  private static boolean tooLarge(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++) { // a cause chain is short; a cycle must not loop
      if (t instanceof LimitedBody.TooLarge) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  private String late() {
    return "OPA at " + where() + " did not answer within " + timeout.toMillis() + " ms";
  }

  private static Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /**
   * Strict reading: duplicate keys (which a lenient reader resolves by taking the last, so a
   * second {@code "allow": true} could hide a first false) and anything after the document are
   * refused, as is everything that is not exactly one Data API response.
   */
  private PolicyDecision readDecision(byte[] body) {
    JsonNode json;
    try {
      json = STRICT.readTree(body);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      String why = message.startsWith("Duplicate field")
          ? "a duplicate key in its JSON"
          : message.contains("Trailing token") ? "content after its JSON document" : "something that is not JSON";
      return unavailable("OPA at " + where() + " answered with " + why);
    }
    if (json == null || !json.isObject()) {
      return unavailable("OPA at " + where() + " answered with something that is not a Data API response");
    }
    if (!json.has("result")) {
      return unavailable(
          "data." + DecisionDocument.dotted(entrypoint) + " is undefined on the OPA server at " + where()
              + " (is the ACS policy loaded?)");
    }
    try {
      return DecisionDocument.parse(json.get("result"), NAME, entrypoint);
    } catch (DecisionDocument.Malformed e) {
      return unavailable("OPA at " + where() + ": " + e.getMessage());
    }
  }

  private PolicyDecision unavailable(String detail) {
    log.warn("policy engine {} unavailable: {}", NAME, detail);
    return PolicyDecision.unavailable(NAME, detail);
  }

  /** OPA's error body is {"code": …, "message": …}; keep it short and on one line. */
  private static String errorOf(String body) {
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      if (json != null && json.hasNonNull("code")) {
        String message = json.path("message").asText("");
        message = message.replaceAll("\\s+", " ");
        return " (" + json.get("code").asText() + (message.isEmpty() ? "" : ": " + truncate(message)) + ")";
      }
    } catch (IOException e) {
      // not OPA's error shape: say nothing more than the status
    }
    return "";
  }

  private static String truncate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** Scheme, host and port only: the URL may carry credentials in its user part or query. */
  private String where() {
    return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
