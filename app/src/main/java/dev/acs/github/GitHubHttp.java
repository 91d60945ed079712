package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Plain HTTPS calls to GitHub, for what hub4j 1.330 cannot do, or can only do after fetching an
 * object first from an endpoint ACS otherwise never needs: reactions, annotations, Actions jobs and
 * logs, re-runs, review comments and replies, and GraphQL. Same authorization, rate-limit waits and
 * error messages as the hub4j side.
 */
final class GitHubHttp {
  static final String API_VERSION = "2022-11-28";
  private static final int MAX_PAGES = 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int RETRIES = 2;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final URI apiUrl;
  private final URI graphqlUrl;
  private final AuthorizationProvider auth;
  private final RateLimitWaits waits;
  private final HttpClient client;
  private final Runnable onUnauthorized;

  GitHubHttp(String apiUrl, AuthorizationProvider auth, RateLimitWaits waits, HttpClient client) {
    this(apiUrl, auth, waits, client, () -> {});
  }

  GitHubHttp(String apiUrl, AuthorizationProvider auth, RateLimitWaits waits, HttpClient client,
      Runnable onUnauthorized) {
    this.apiUrl = URI.create(stripSlash(apiUrl));
    this.graphqlUrl = URI.create(graphqlUrl(stripSlash(apiUrl)));
    this.auth = auth;
    this.waits = waits;
    this.client = client;
    this.onUnauthorized = onUnauthorized;
  }

  /** api.github.com/graphql; on GHES {@code https://host/api/v3} has {@code https://host/api/graphql}. */
  static String graphqlUrl(String apiUrl) {
    String base = stripSlash(apiUrl);
    return base.endsWith("/api/v3") ? base.substring(0, base.length() - 2) + "graphql" : base + "/graphql";
  }

  /** GET of a JSON document. */
  JsonNode get(String path, String doing) {
    return json(send("GET", resolve(path), null, doing, true), doing);
  }

  /**
   * GET of a paginated list, following {@code Link: rel="next"} (only to GitHub's own host).
   *
   * @param items where the list is in each page: the page itself, or e.g. its {@code jobs} field
   */
  List<JsonNode> getAll(String path, Function<JsonNode, JsonNode> items, String doing) {
    List<JsonNode> all = new ArrayList<>();
    URI next = resolve(path);
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      HttpResponse<byte[]> response = send("GET", next, null, doing, true);
      items.apply(json(response, doing)).forEach(all::add);
      next = nextLink(response).orElse(null);
    }
    return all;
  }

  /** POST/PATCH/PUT with a JSON body (or none); the answer, which may be empty. */
  JsonNode send(String method, String path, Object body, String doing) {
    return json(send(method, resolve(path), body, doing, true), doing);
  }

  /**
   * A download GitHub answers with 302 to a signed URL on another host (Actions job logs). The
   * signed URL is fetched without our Authorization header, as GitHub's docs require. Only the last
   * {@code maxBytes} are kept: a failure is at the end of a log.
   */
  String download(String path, int maxBytes, String doing) {
    HttpResponse<byte[]> first = send("GET", resolve(path), null, doing, false);
    if (first.statusCode() == 200) {
      return tail(first.body(), maxBytes);
    }
    String location = first.headers().firstValue("location").orElse(null);
    if (first.statusCode() / 100 != 3 || location == null) {
      throw GitHubErrors.fromResponse(doing, first.statusCode(), text(first.body()));
    }
    HttpRequest request =
        HttpRequest.newBuilder(resolve(location)).timeout(TIMEOUT).header("User-Agent", "acs").GET().build();
    try {
      HttpResponse<InputStream> log = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = log.body()) {
        if (log.statusCode() != 200) {
          throw GitHubErrors.fromResponse(doing + " (signed log URL)", log.statusCode(), "");
        }
        return readTail(in, maxBytes);
      }
    } catch (IOException e) {
      throw GitHubErrors.from(doing + " (signed log URL)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(-1, doing + ": interrupted", e);
    }
  }

  /**
   * A GraphQL call; the {@code data} object. GraphQL answers errors with 200 and an {@code errors}
   * list: those become a GitHubException too (NOT_FOUND as 404, FORBIDDEN as 403).
   */
  JsonNode graphql(String query, Map<String, Object> variables, String doing) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("query", query);
    body.set("variables", Json.MAPPER.valueToTree(variables));
    JsonNode answer = json(send("POST", graphqlUrl, body, doing, true), doing);
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      String type = errors.get(0).path("type").asText("");
      int status =
          switch (type) {
            case "NOT_FOUND" -> 404;
            case "FORBIDDEN" -> 403;
            case "RATE_LIMITED" -> 429;
            default -> 422;
          };
      List<String> messages = new ArrayList<>();
      errors.forEach(e -> messages.add(e.path("message").asText()));
      throw new GitHubException(status, doing + ": GitHub GraphQL error"
          + (type.isEmpty() ? "" : " " + type) + ": " + GitHubErrors.scrub(String.join("; ", messages)), null);
    }
    return answer.path("data");
  }

  /** A field of an answer's JSON as text; null when absent or null. */
  static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A field of an answer's JSON as a number; null when absent or null. */
  static Integer intOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asInt();
  }

  private HttpResponse<byte[]> send(String method, URI uri, Object body, String doing, boolean failOnError) {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> response = once(method, uri, body, doing);
      int status = response.statusCode();
      Optional<RateLimitWaits.Hit> hit = waits.hit(status, name -> response.headers().firstValue(name).orElse(null));
      if (hit.isEmpty()) {
        if (status == 401) {
          onUnauthorized.run();
        }
        if (failOnError && status >= 400) {
          throw GitHubErrors.fromResponse(doing, status, text(response.body()));
        }
        return response;
      }
      if (attempt >= RETRIES) {
        throw new GitHubException(status, doing + ": GitHub kept answering with a " + hit.get().kind()
            + " after ACS waited " + RETRIES + " times; try again later", null);
      }
      waits.waitOrFail(status, hit.get(), doing);
    }
  }

  private HttpResponse<byte[]> once(String method, URI uri, Object body, String doing) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(TIMEOUT)
              .header("Accept", "application/vnd.github+json")
              .header("X-GitHub-Api-Version", API_VERSION)
              .header("User-Agent", "acs")
              .header("Authorization", auth.getEncodedAuthorization());
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw GitHubErrors.from(doing, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(-1, doing + ": interrupted", e);
    }
  }

  private URI resolve(String pathOrUrl) {
    if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
      return URI.create(pathOrUrl);
    }
    return URI.create(apiUrl + pathOrUrl);
  }

  // Never send the token to a host other than the API's, whatever a Link header says.
  private Optional<URI> nextLink(HttpResponse<?> response) {
    Matcher m = NEXT_LINK.matcher(String.join(",", response.headers().allValues("link")));
    if (!m.find()) {
      return Optional.empty();
    }
    URI next = URI.create(m.group(1));
    boolean sameHost =
        next.getHost() != null
            && next.getHost().equalsIgnoreCase(apiUrl.getHost())
            && next.getPort() == apiUrl.getPort()
            && next.getScheme().equalsIgnoreCase(apiUrl.getScheme());
    return sameHost ? Optional.of(next) : Optional.empty();
  }

  private static JsonNode json(HttpResponse<byte[]> response, String doing) {
    byte[] body = response.body();
    if (body == null || body.length == 0) {
      return Json.MAPPER.missingNode();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new GitHubException(response.statusCode(), doing + ": GitHub's answer is not JSON", e);
    }
  }

  private static String text(byte[] body) {
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  private static String tail(byte[] bytes, int maxBytes) {
    if (bytes.length <= maxBytes) {
      return text(bytes);
    }
    return truncatedNote(bytes.length - maxBytes)
        + new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
  }

  private static String readTail(InputStream in, int maxBytes) throws IOException {
    // A ring of two halves: keeps at most 2 * maxBytes in memory whatever the log's size.
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    byte[] previous = new byte[0];
    long dropped = 0;
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) > 0) {
      current.write(buffer, 0, n);
      if (current.size() >= maxBytes) {
        dropped += previous.length;
        previous = current.toByteArray();
        current.reset();
      }
    }
    byte[] last = current.toByteArray();
    byte[] all = new byte[previous.length + last.length];
    System.arraycopy(previous, 0, all, 0, previous.length);
    System.arraycopy(last, 0, all, previous.length, last.length);
    if (all.length <= maxBytes) {
      return dropped == 0 ? text(all) : truncatedNote(dropped) + text(all);
    }
    int cut = all.length - maxBytes;
    return truncatedNote(dropped + cut) + new String(all, cut, maxBytes, StandardCharsets.UTF_8);
  }

  private static String truncatedNote(long dropped) {
    return "[ACS: the first " + dropped + " bytes of this log were left out]\n";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
