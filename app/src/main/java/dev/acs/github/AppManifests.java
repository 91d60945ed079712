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
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The last step of GitHub's App manifest flow: trading the one-time {@code code} GitHub put on the
 * redirect for the new App's credentials ({@code POST /app-manifests/{code}/conversions}, no
 * authentication; the code is valid for one hour and once).
 */
public final class AppManifests {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  /**
   * What GitHub returns for the new App: its id and slug, private key, webhook secret and page, and
   * its OAuth client (for "Login with GitHub" on the web pages; empty strings if GitHub sent none).
   */
  public record CreatedApp(long id, String slug, String name, String pem, String webhookSecret, String htmlUrl,
      String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "CreatedApp[id=" + id + ", slug=" + slug + "]"; // never the key or the secret
    }
  }

  private AppManifests() {}

  /** @throws GitHubException with GitHub's status and what it means for the person setting up */
  public static CreatedApp convert(String apiUrl, String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new GitHubException(400, "the code on GitHub's redirect is missing or malformed", null);
    }
    String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(base + "/app-manifests/" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "/conversions"))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GitHubException(-1, "could not reach GitHub at " + GitHubErrors.origin(base) + " to finish creating the App ("
          + GitHubErrors.reason(e) + "); check this machine's network and proxy (HTTPS_PROXY), and GITHUB_API_URL for GitHub Enterprise", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException(0, "interrupted while finishing the App", e);
    }
    int status = response.statusCode();
    if (status != 201 && status != 200) {
      String why = switch (status) {
        case 404 -> "GitHub does not know this code: it is used already or older than an hour. Run acs setup again";
        case 422 -> "GitHub refused the manifest: " + message(response.body());
        default -> "GitHub answered HTTP " + status + ": " + message(response.body());
      };
      throw new GitHubException(status, "creating the App failed: " + why, null);
    }
    JsonNode app;
    try {
      app = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new GitHubException(status, "GitHub's answer to the manifest conversion is not JSON", e);
    }
    if (!app.path("id").canConvertToLong() || app.path("pem").asText("").isBlank() || app.path("id").asLong() <= 0) {
      throw new GitHubException(status, "GitHub's answer to the manifest conversion has no App id or private key", null);
    }
    return new CreatedApp(app.path("id").asLong(), app.path("slug").asText(""), app.path("name").asText(""),
        app.path("pem").asText(), app.path("webhook_secret").asText(null), app.path("html_url").asText(""),
        app.path("client_id").asText(""), app.path("client_secret").asText(""));
  }

  private static String message(String body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      String m = n.path("message").asText("");
      return m.isBlank() ? "(no message)" : m.replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "(no readable message)";
    }
  }
}
