package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.config.Env;
import dev.acs.task.TestDatabases;
import dev.acs.webhook.Fixtures;
import dev.acs.webhook.event.IssuesEvent;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 17: requests whose signature has not been checked (here: 20 sockets that send
 * their headers and never finish the body) are not intake load, so they do not hold back the
 * processing of real deliveries. A real server on a random port, real sockets.
 */
class IntakeBackPressureTest {
  private static final String SECRET = "back-pressure-secret";
  private static final int SLOW_SOCKETS = 20;

  @TempDir Path tmp;

  @Test
  void slowUnsignedSocketsAreNotCountedAsBusyIntake() throws Exception {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    AcsApp app = AcsApp.start(
        new Env(Map.of("ACS_WEBHOOK_SECRET", SECRET, "ACS_PORT", "0", "ACS_DATABASE_URL", TestDatabases.h2Url(),
            "ACS_WORK_DIR", tmp.resolve("work").toString())),
        handlers -> handlers.on(IssuesEvent.class, Set.of("labeled"), (event, delivery) -> handled.add(delivery.deliveryId())));
    List<Socket> slow = new ArrayList<>();
    try {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < SLOW_SOCKETS; i++) {
        Socket s = new Socket("127.0.0.1", app.port());
        OutputStream out = s.getOutputStream();
        out.write(("POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "X-GitHub-Event: issues\r\nX-GitHub-Delivery: slow-" + i + "\r\nContent-Length: 100000\r\n\r\n{\"action\":")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(s);
      }
      byte[] body = Fixtures.bytes("issues/labeled.json");
      // A delivery sent after the slow sockets is answered and handled: by then the server has the
      // 20 slow requests in hand, each waiting in the route for the rest of its body.
      String first = UUID.randomUUID().toString();
      assertThat(http.send(Fixtures.signedDelivery(app.port(), SECRET, "issues", first, body), HttpResponse.BodyHandlers.discarding())
          .statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(first));
      assertThat(metric(http, app, "acs_webhook_requests_in_flight")).as("unsigned requests are not intake load").contains("0.0");

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        assertThat(http.send(Fixtures.signedDelivery(app.port(), SECRET, "issues", id, body), HttpResponse.BodyHandlers.discarding())
            .statusCode()).isEqualTo(202);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsAll(ids));
      assertThat(slow).allSatisfy(s -> assertThat(s.isClosed()).isFalse());
    } finally {
      for (Socket s : slow) {
        s.close();
      }
      app.close();
    }
  }

  /** The value line of a metric without labels, if the server publishes one. */
  private static java.util.Optional<String> metric(HttpClient http, AcsApp app, String name) throws Exception {
    String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return text.lines().filter(l -> l.startsWith(name + " ")).findFirst().map(l -> l.substring(name.length() + 1));
  }
}
