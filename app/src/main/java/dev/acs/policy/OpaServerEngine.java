package dev.acs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OPA server run by the organisation, asked through OPA's REST Data API:
 * {@code POST /v1/data/acs/decision} with {@code {"input": …}}; the decision comes back under
 * {@code result}, and a response without {@code result} means the document is undefined (no
 * such policy loaded). Connection failures, timeouts and 5xx answers are retried a few times with
 * a short backoff; whatever still fails, or answers something that is not a decision, denies
 * with "policy engine unavailable". Nothing here ever allows by default.
 */
public final class OpaServerEngine implements PolicyGate {
  public static final String NAME = "opa-server";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_RETRIES = 2;

  private static final Logger log = LoggerFactory.getLogger(OpaServerEngine.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

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

  /** Asks the server for the decision on any input document. */
  public PolicyDecision evaluate(JsonNode input) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("input", input);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    String lastProblem = "no answer";
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && !sleep(FIRST_BACKOFF.multipliedBy(1L << (attempt - 1)))) {
        break;
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        lastProblem = "OPA at " + where() + " did not answer within " + timeout.toMillis() + " ms";
        continue;
      } catch (IOException e) {
        lastProblem = "cannot reach OPA at " + where() + " (" + e.getClass().getSimpleName() + ")";
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lastProblem = "interrupted while asking OPA at " + where();
        break;
      }
      int status = response.statusCode();
      if (status == 200) {
        return readDecision(response.body());
      }
      if (status < 500) {
        // 4xx: a bad request or authorization problem will not fix itself by asking again.
        return unavailable("OPA at " + where() + " answered " + status + errorOf(response.body()));
      }
      lastProblem = "OPA at " + where() + " answered " + status + errorOf(response.body());
    }
    return unavailable(lastProblem + (retries > 0 ? " after " + (retries + 1) + " tries" : ""));
  }

  private PolicyDecision readDecision(String body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return unavailable("OPA at " + where() + " answered with something that is not JSON");
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
