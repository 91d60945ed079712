package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.task.Database;
import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.webhook.Fixtures;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs serve} as a real process on the default kind of database (an H2 file): deliveries
 * sent before SIGTERM are stored and processed, and stopping is clean — no error on the way down
 * (H2 must not close the database under the workers' feet).
 */
class ServeProcessTest {
  private static final String SECRET = "process-secret";

  @Test
  void sigtermStopsCleanlyAndKeepsWhatWasAcknowledged() throws Exception {
    Path dir = Files.createTempDirectory("acs-proc");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "jdbc:h2:file:" + dir.resolve("acs");
    Path log = dir.resolve("serve.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(java.util.Map.of(
        "ACS_WEBHOOK_SECRET", SECRET, "ACS_PORT", String.valueOf(port), "ACS_DATABASE_URL", url, "ACS_WORK_DIR", dir.resolve("work").toString()));
    pb.environment().remove("GITHUB_APP_ID");
    Process serve = pb.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .failFast("acs serve exited: " + log, () -> !serve.isAlive())
          .until(() ->
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      byte[] body = Fixtures.bytes("installation/created.json");
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = http.send(Fixtures.signedDelivery(port, SECRET, "installation", "proc-" + i, body), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
      }
      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
    } finally {
      serve.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(output).contains("ACS stopping").doesNotContain("\"level\":\"ERROR\"").doesNotContain("already closed");

    try (Database db = Database.open(url, "", "", 2)) {
      DeliveryStore store = new DeliveryStore(db);
      var counts = store.countByStatus();
      assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).as("all 20 acknowledged deliveries kept").isEqualTo(20);
      assertThat(counts).doesNotContainKey(Status.PROCESSING);
    }
  }
}
