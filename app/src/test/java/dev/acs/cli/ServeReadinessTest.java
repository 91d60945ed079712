package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.task.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code acs serve} with neither a model nor an App identity: up (it takes and stores
 * webhooks), not ready (it turns no issue into a pull request), and the answer says why.
 */
class ServeReadinessTest {
  @TempDir Path tmp;

  @Test
  void aServerWithoutModelOrAppIsUpButNotReadyAndSaysWhatIsMissing() throws Exception {
    try (AcsApp app = AcsApp.start(new Env(Map.of("ACS_WEBHOOK_SECRET", "s", "ACS_PORT", "0",
        "ACS_DATABASE_URL", TestDatabases.h2Url(), "ACS_WORK_DIR", tmp.resolve("work").toString())))) {
      HttpResponse<String> up = get(app, "/healthz");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(up.body()).path("ready").asBoolean(true)).isFalse();

      for (String path : new String[] {"/readyz", "/healthz?ready"}) {
        HttpResponse<String> ready = get(app, path);
        assertThat(ready.statusCode()).as(path).isEqualTo(503);
        JsonNode json = Json.MAPPER.readTree(ready.body());
        assertThat(json.path("status").asText()).isEqualTo("not ready");
        assertThat(json.path("not_ready").toString()).contains("set ACS_MODEL").contains("set GITHUB_APP_ID")
            .doesNotContain("database");
        assertThat(json.path("model").path("status").asText()).isEqualTo("missing");
        assertThat(json.path("app").path("status").asText()).isEqualTo("missing");
        assertThat(json.path("database").path("status").asText()).isEqualTo("up");
      }
    }
  }

  private static HttpResponse<String> get(AcsApp app, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
