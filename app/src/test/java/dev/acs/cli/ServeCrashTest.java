package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.task.Database;
import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.DeliveryStore.StoredDelivery;
import dev.acs.task.TestDatabases;
import dev.acs.webhook.Fixtures;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10's measurement as a test: {@code acs serve} as a real process, 8 clients sending signed
 * real deliveries, SIGKILL right after the 200th {@code 202}. Every acknowledged delivery must be
 * in the database after the kill, and the restarted node must take its own claims back at once
 * (not after the lease) and process everything within seconds. On the default database (an H2
 * file in the working directory, no URL given) and on PostgreSQL.
 */
class ServeCrashTest {
  private static final String SECRET = "crash-secret";
  private static final int CLIENTS = 8;
  private static final int KILL_AFTER = 200;

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void everyAcknowledgedDeliverySurvivesKill9AndIsProcessedRightAfterTheRestart(TestDatabases.Kind kind) throws Exception {
    Path dir = Files.createTempDirectory("acs-crash");
    Map<String, String> env = new HashMap<>(Map.of("ACS_WEBHOOK_SECRET", SECRET, "ACS_WORK_DIR", dir.resolve("work").toString()));
    String url;
    if (kind == TestDatabases.Kind.H2) {
      url = "jdbc:h2:file:" + dir.resolve(".acs/acs"); // where the default URL puts it, run from dir
    } else {
      url = TestDatabases.newPostgresDatabaseUrl();
      env.put("ACS_DATABASE_URL", url);
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try (ServeProcess serve = ServeProcess.start(env, dir.resolve("first.log"), dir)) {
      sendUntilKilled(serve, acknowledged);
      assertThat(serve.alive()).isFalse();
    }

    Map<Status, Long> atKill = new EnumMap<>(Status.class);
    int missing = 0;
    try (Database db = Database.open(url, "", "", 2)) {
      DeliveryStore store = new DeliveryStore(db);
      for (String id : acknowledged) {
        Optional<StoredDelivery> row = store.find(id);
        if (row.isEmpty()) {
          missing++;
        } else {
          atKill.merge(row.get().status(), 1L, Long::sum);
        }
      }
    }
    long waiting = atKill.entrySet().stream().filter(e -> e.getKey() != Status.DONE).mapToLong(Map.Entry::getValue).sum();
    System.out.printf("[%s] acknowledged %d, missing after SIGKILL %d, by status %s%n", kind, acknowledged.size(), missing, atKill);
    assertThat(missing).as("acknowledged deliveries missing after SIGKILL (%s)", atKill).isZero();

    long restarted;
    long caughtUp;
    try (ServeProcess serve = ServeProcess.start(env, dir.resolve("second.log"), dir)) {
      restarted = System.nanoTime();
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(serve) >= waiting);
      caughtUp = System.nanoTime();
      assertThat(serve.stop()).isTrue();
    }
    try (Database db = Database.open(url, "", "", 2)) {
      DeliveryStore store = new DeliveryStore(db);
      for (String id : acknowledged) {
        assertThat(store.find(id)).as(id).get().extracting(StoredDelivery::status).isEqualTo(Status.DONE);
      }
      assertThat(store.countByStatus()).doesNotContainKey(Status.PROCESSING);
    }
    System.out.printf("[%s] after the restart: %d waiting deliveries processed in %d ms (from healthy)%n",
        kind, waiting, TimeUnit.NANOSECONDS.toMillis(caughtUp - restarted));
  }

  /** Clients send until one of them has seen the 200th 202 and killed the process. */
  private static void sendUntilKilled(ServeProcess serve, Set<String> acknowledged) throws InterruptedException {
    byte[] body = Fixtures.bytes("installation/created.json");
    AtomicInteger accepted = new AtomicInteger();
    AtomicLong ids = new AtomicLong();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Runnable> loops = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      loops.add(() -> {
        while (serve.alive() && accepted.get() < KILL_AFTER) {
          String id = "crash-" + ids.incrementAndGet();
          try {
            HttpResponse<Void> r = http.send(Fixtures.signedDelivery(serve.port(), SECRET, "installation", id, body),
                HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 202) {
              acknowledged.add(id);
              if (accepted.incrementAndGet() == KILL_AFTER) {
                serve.kill();
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (java.io.IOException e) {
            return; // the process is gone
          }
        }
      });
    }
    loops.forEach(clients::execute);
    clients.shutdown();
    assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
  }

  private static long processed(ServeProcess serve) {
    return serve.output().lines().filter(l -> l.contains("delivery processed")).count();
  }
}
