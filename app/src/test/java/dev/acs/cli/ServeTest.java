package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.InstallationStore;
import dev.acs.task.TestDatabases;
import dev.acs.webhook.Fixtures;
import dev.acs.webhook.event.IssuesEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code acs serve} as GitHub sees it: a real server on a random port, a real H2 database, real jobs. */
class ServeTest {
  // GitHub's published test secret, so its published vector can be sent over HTTP too.
  private static final String SECRET = "It's a Secret to Everybody";

  private static AcsApp app;
  private static HttpClient http;
  private static DeliveryStore deliveries;
  private static InstallationStore installations;
  private static final Map<String, Integer> handled = new ConcurrentHashMap<>();
  private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private static OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> capture;

  @BeforeAll
  static void start() {
    captureLogs();
    app =
        AcsApp.start(
            new Env(
                Map.of(
                    "ACS_WEBHOOK_SECRET", SECRET,
                    "ACS_PORT", "0",
                    "ACS_DATABASE_URL", TestDatabases.h2Url(),
                    "ACS_WORKERS", "4")),
            handlers ->
                handlers.on(IssuesEvent.class, Set.of("labeled"), (event, delivery) -> handled.merge(delivery.deliveryId(), 1, Integer::sum)));
    http = HttpClient.newHttpClient();
    deliveries = new DeliveryStore(app.database());
    installations = new InstallationStore(app.database());
  }

  @AfterAll
  static void stop() {
    app.close();
    rootLogger().detachAppender(capture);
  }

  private static Logger rootLogger() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static void captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    capture = new OutputStreamAppender<>();
    capture.setContext(context);
    capture.setEncoder(encoder);
    capture.setOutputStream(logs);
    capture.start();
    rootLogger().addAppender(capture);
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> deliver(String event, String deliveryId, byte[] body) throws Exception {
    return send(Fixtures.signedDelivery(app.port(), SECRET, event, deliveryId, body));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build());
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  private static void awaitStatus(String deliveryId, Status status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> deliveries.find(deliveryId).map(d -> d.status() == status).orElse(false));
  }

  @Test
  void githubsPublishedVectorPassesTheSignatureCheckThenFailsAsNotJson() throws Exception {
    var request =
        Fixtures.delivery(app.port(), "issues", newId(), "Hello, World!".getBytes(StandardCharsets.UTF_8))
            .header("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
            .build();
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("malformed");
  }

  @Test
  void aSignedFixtureIsAcceptedStoredAndHandledOnceInAJob() throws Exception {
    String id = newId();
    HttpResponse<String> response = deliver("issues", id, Fixtures.bytes("issues/labeled.json"));
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("accepted");
    var stored = deliveries.find(id).orElseThrow();
    assertThat(stored.event()).isEqualTo("issues");
    assertThat(stored.action()).isEqualTo("labeled");
    assertThat(stored.repoFullName()).isEqualTo("Codertocat/Hello-World");
    assertThat(stored.payload()).isEqualTo(Fixtures.bytes("issues/labeled.json"));
    awaitStatus(id, Status.DONE);
    assertThat(handled).containsEntry(id, 1);
  }

  @Test
  void wrongMissingOrMalformedSignaturesAre401AndNothingIsStored() throws Exception {
    byte[] body = Fixtures.bytes("issues/labeled.json");
    String good = Fixtures.hmacHex(SECRET, body);
    List<String> badHeaders =
        List.of("sha256=" + Fixtures.hmacHex("wrong secret", body), "sha256=" + good.substring(1) + "0", good, "sha256=xyz", "");
    for (String header : badHeaders) {
      String id = newId();
      var builder = Fixtures.delivery(app.port(), "issues", id, body);
      if (!header.isEmpty()) {
        builder.header("X-Hub-Signature-256", header);
      }
      HttpResponse<String> response = send(builder.build());
      assertThat(response.statusCode()).as(header).isEqualTo(401);
      assertThat(deliveries.find(id)).isEmpty();
    }
    HttpResponse<String> missing = send(Fixtures.delivery(app.port(), "issues", newId(), body).build());
    assertThat(missing.statusCode()).isEqualTo(401);
  }

  @Test
  void aBodyOver25MegabytesIs413() throws Exception {
    byte[] body = new byte[25 * 1024 * 1024 + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    String id = newId();
    HttpResponse<String> response = deliver("issues", id, body);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(deliveries.find(id)).isEmpty();
  }

  @Test
  void notJsonOrJsonWithoutWhatTheEventNeedsIs400() throws Exception {
    String notJson = newId();
    assertThat(deliver("issues", notJson, "action=labeled".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);

    ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("issues/labeled.json"));
    payload.remove("repository");
    String noRepo = newId();
    HttpResponse<String> response = deliver("issues", noRepo, Json.MAPPER.writeValueAsBytes(payload));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("without repository");

    assertThat(deliver("push", newId(), "{\"ref\":".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    assertThat(deliver("issues", null, Fixtures.bytes("issues/labeled.json")).statusCode()).isEqualTo(400);
    assertThat(deliver(null, newId(), Fixtures.bytes("issues/labeled.json")).statusCode()).isEqualTo(400);
    assertThat(deliveries.find(notJson)).isEmpty();
    assertThat(deliveries.find(noRepo)).isEmpty();
    assertThat(get("/healthz").statusCode()).as("still serving").isEqualTo(200);
  }

  @Test
  void eventsNobodyHandlesAre202IgnoredAndNotStored() throws Exception {
    Map<String, String> unhandled =
        Map.of(
            "push", "push/default.json",
            "label", "label/created.json",
            "status", "status/default.json",
            "issues", "issues/assigned.json", // a handler exists for issues, but only for "labeled"
            "check_run", "check_run/completed.json");
    for (var e : unhandled.entrySet()) {
      String id = newId();
      HttpResponse<String> response = deliver(e.getKey(), id, Fixtures.bytes(e.getValue()));
      assertThat(response.statusCode()).as(e.getValue()).isEqualTo(202);
      assertThat(response.body()).contains("ignored");
      assertThat(deliveries.find(id)).isEmpty();
    }
  }

  @Test
  void aRedeliveryIs200AndNotEnqueuedAgain() throws Exception {
    String id = newId();
    byte[] body = Fixtures.bytes("issues/labeled.json");
    assertThat(deliver("issues", id, body).statusCode()).isEqualTo(202);
    HttpResponse<String> again = deliver("issues", id, body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("duplicate");
    awaitStatus(id, Status.DONE);
    assertThat(deliver("issues", id, body).statusCode()).isEqualTo(200);
    Thread.sleep(500);
    assertThat(handled).containsEntry(id, 1);
    assertThat(deliveries.find(id).orElseThrow().attempts()).as("processed in one attempt").isEqualTo(1);
  }

  @Test
  void racingCopiesOfOneDeliveryAreStoredAndHandledOnce() throws Exception {
    String id = newId();
    byte[] body = Fixtures.bytes("issues/labeled.json");
    int copies = 20;
    ExecutorService pool = Executors.newFixedThreadPool(copies);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      statuses.add(pool.submit(() -> {
        go.await();
        return deliver("issues", id, body).statusCode();
      }));
    }
    go.countDown();
    List<Integer> codes = new ArrayList<>();
    for (Future<Integer> f : statuses) {
      codes.add(f.get());
    }
    pool.shutdown();
    assertThat(codes).filteredOn(c -> c == 202).hasSize(1);
    assertThat(codes).filteredOn(c -> c == 200).hasSize(copies - 1);
    awaitStatus(id, Status.DONE);
    assertThat(deliveries.find(id).orElseThrow().attempts()).isEqualTo(1);
    assertThat(handled).containsEntry(id, 1);
  }

  @Test
  void installationsAreRecordedSuspendedAndRemoved() throws Exception {
    String created = newId();
    assertThat(deliver("installation", created, Fixtures.bytes("installation/created.json")).statusCode()).isEqualTo(202);
    awaitStatus(created, Status.DONE);
    assertThat(installations.find(957387)).hasValueSatisfying(i -> assertThat(i.accountLogin()).isEqualTo("Codertocat"));
    assertThat(installations.installationOf("Codertocat/Hello-World")).contains(957387L);

    // Installation 2 gets octocat/Hello-World (a variant of removed.json: the same list as added)...
    ObjectNode added = (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("installation_repositories/removed.json"));
    ArrayNode repos = (ArrayNode) added.get("repositories_removed");
    added.put("action", "added").set("repositories_added", repos.deepCopy());
    added.set("repositories_removed", Json.MAPPER.createArrayNode());
    String addedId = newId();
    assertThat(deliver("installation_repositories", addedId, Json.MAPPER.writeValueAsBytes(added)).statusCode()).isEqualTo(202);
    awaitStatus(addedId, Status.DONE);
    assertThat(installations.installationOf("octocat/Hello-World")).contains(2L);

    // ...then loses it (the fixture as published)...
    String removed = newId();
    assertThat(deliver("installation_repositories", removed, Fixtures.bytes("installation_repositories/removed.json")).statusCode()).isEqualTo(202);
    awaitStatus(removed, Status.DONE);
    assertThat(installations.installationOf("octocat/Hello-World")).isEmpty();
    assertThat(installations.find(2)).isPresent();

    // ...and is uninstalled.
    String deleted = newId();
    assertThat(deliver("installation", deleted, Fixtures.bytes("installation/deleted.json")).statusCode()).isEqualTo(202);
    awaitStatus(deleted, Status.DONE);
    assertThat(installations.find(2)).isEmpty();

    String suspend = newId();
    deliver("installation", suspend, Fixtures.bytes("installation/suspend.json"));
    awaitStatus(suspend, Status.DONE);
    assertThat(installations.find(16598467)).hasValueSatisfying(i -> {
      assertThat(i.isSuspended()).isTrue();
      assertThat(i.suspendedBy()).isEqualTo("Codertocat");
    });
    String unsuspend = newId();
    deliver("installation", unsuspend, Fixtures.bytes("installation/unsuspend.json"));
    awaitStatus(unsuspend, Status.DONE);
    assertThat(installations.find(16598467).orElseThrow().isSuspended()).isFalse();
  }

  @Test
  void pingIsHandled() throws Exception {
    String id = newId();
    assertThat(deliver("ping", id, Fixtures.bytes("ping/default.2.json")).statusCode()).isEqualTo(202);
    awaitStatus(id, Status.DONE);
  }

  @Test
  void aDeliveryTheDatabaseCannotStoreIs503AndTheServerCarriesOn() throws Exception {
    byte[] body = Fixtures.bytes("issues/labeled.json");
    String id = newId();
    try (var c = app.database().dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("ALTER TABLE deliveries RENAME TO deliveries_away");
    }
    try {
      HttpResponse<String> refused = deliver("issues", id, body);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("unavailable").contains("please redeliver");
      assertThat(deliver("push", newId(), Fixtures.bytes("push/default.json")).statusCode()).as("still answering").isEqualTo(202);
    } finally {
      try (var c = app.database().dataSource().getConnection(); var st = c.createStatement()) {
        st.execute("ALTER TABLE deliveries_away RENAME TO deliveries");
      }
    }
    assertThat(get("/metrics").body()).containsPattern("acs_webhook_store_failures_total [1-9]");
    // GitHub's redelivery of the same delivery id is then stored and handled.
    assertThat(deliver("issues", id, body).statusCode()).isEqualTo(202);
    awaitStatus(id, Status.DONE);
    assertThat(handled).containsEntry(id, 1);
  }

  @Test
  void metricsCountEveryOutcomeAndTheAckLatency() throws Exception {
    byte[] body = Fixtures.bytes("issues/labeled.json");
    String id = newId();
    deliver("issues", id, body); // accepted
    deliver("issues", id, body); // duplicate
    deliver("push", newId(), Fixtures.bytes("push/default.json")); // ignored
    deliver("issues", newId(), "nope".getBytes(StandardCharsets.UTF_8)); // malformed
    send(Fixtures.delivery(app.port(), "issues", newId(), body).header("X-Hub-Signature-256", "sha256=00").build());
    send(Fixtures.delivery(app.port(), "made_up_by_attacker", newId(), body).build());

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("acs_webhook_deliveries_total{event=\"issues\",outcome=\"accepted\"}")
        .contains("acs_webhook_deliveries_total{event=\"issues\",outcome=\"duplicate\"}")
        .contains("acs_webhook_deliveries_total{event=\"push\",outcome=\"ignored\"}")
        .contains("acs_webhook_deliveries_total{event=\"issues\",outcome=\"malformed\"}")
        .contains("acs_webhook_deliveries_total{event=\"issues\",outcome=\"bad_signature\"}")
        .contains("acs_webhook_deliveries_total{event=\"other\",outcome=\"bad_signature\"}")
        .contains("acs_webhook_ack_seconds_bucket{outcome=\"accepted\",le=")
        .contains("acs_webhook_ack_seconds_count{outcome=\"accepted\"}")
        .contains("acs_webhook_requests_in_flight")
        .doesNotContain("made_up_by_attacker");
    awaitStatus(id, Status.DONE);
    assertThat(get("/metrics").body()).containsPattern("acs_webhook_deliveries_processed_total\\{outcome=\"handled\"} [1-9]");
  }

  @Test
  void healthzReportsTheDatabaseAndJobs() throws Exception {
    HttpResponse<String> health = get("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    var json = Json.MAPPER.readTree(health.body());
    assertThat(json.path("status").asText()).isEqualTo("up");
    assertThat(json.path("database").path("status").asText()).isEqualTo("up");
    assertThat(json.path("database").path("product").asText()).isEqualTo("H2");
    assertThat(json.path("jobs").path("status").asText()).isEqualTo("up");
  }

  @Test
  void logsAreJsonWithTheDeliveryIdAndNeverTheSecretOrSignatures() throws Exception {
    byte[] body = Fixtures.bytes("issues/labeled.json");
    String id = newId();
    deliver("issues", id, body);
    awaitStatus(id, Status.DONE);
    String wrong = "sha256=" + Fixtures.hmacHex("guess", body);
    send(Fixtures.delivery(app.port(), "issues", newId(), body).header("X-Hub-Signature-256", wrong).build());
    await().atMost(Duration.ofSeconds(5)).until(() -> logs.toString(StandardCharsets.UTF_8).contains("delivery processed"));

    String text = logs.toString(StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    for (String line : lines) {
      assertThat(Json.MAPPER.readTree(line).isObject()).as(line).isTrue();
    }
    assertThat(lines)
        .filteredOn(l -> l.contains("\"delivery_id\":\"" + id + "\""))
        .anySatisfy(l -> assertThat(l).contains("delivery processed").contains("\"event\":\"issues\"").contains("\"action\":\"labeled\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("rejected: missing or wrong X-Hub-Signature-256").contains("\"level\":\"WARN\""));
    assertThat(text)
        .doesNotContain(SECRET)
        .doesNotContain("Secret to Everybody")
        .doesNotContain(Fixtures.hmacHex(SECRET, body))
        .doesNotContain(wrong.substring(7));
  }
}
