package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.config.Env;
import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.TestDatabases;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.EventHandlers;
import dev.acs.webhook.Fixtures;
import dev.acs.webhook.event.IssueCommentEvent;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PullRequestEvent;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Two ACS nodes (two HTTP servers, their delivery workers) on one PostgreSQL. 1,000 signed deliveries
 * plus 10% duplicates arrive concurrently, each duplicate at the other node; a few handlers fail
 * once so they are retried. Every delivery must be stored once and handled successfully once.
 */
class TwoNodesTest {
  private static final String SECRET = "two-nodes-secret";
  private static final int UNIQUE = 1000;

  private final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failuresInjected = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> nodesThatHandled = new ConcurrentHashMap<>();
  private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

  private Consumer<EventHandlers> countingHandlers(String node) {
    return handlers -> {
      handlers.on(IssuesEvent.class, (e, d) -> handled(node, d));
      handlers.on(IssueCommentEvent.class, (e, d) -> handled(node, d));
      handlers.on(PullRequestEvent.class, (e, d) -> handled(node, d));
    };
  }

  private void handled(String node, DeliveryContext delivery) {
    if (failOnce.contains(delivery.deliveryId())
        && failuresInjected.computeIfAbsent(delivery.deliveryId(), k -> new AtomicInteger()).getAndIncrement() == 0) {
      throw new IllegalStateException("injected failure, first attempt of " + delivery.deliveryId());
    }
    successes.computeIfAbsent(delivery.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
    nodesThatHandled.computeIfAbsent(node, k -> ConcurrentHashMap.newKeySet()).add(delivery.deliveryId());
  }

  private record Send(int node, String event, String deliveryId, byte[] body) {}

  @Test
  void eachUniqueDeliveryIsProcessedExactlyOnceAcrossTwoNodes() throws Exception {
    String url = TestDatabases.newPostgresDatabaseUrl();
    Map<String, String> env = Map.of("ACS_WEBHOOK_SECRET", SECRET, "ACS_PORT", "0", "ACS_DATABASE_URL", url, "ACS_WORKERS", "4");
    try (AcsApp a = AcsApp.start(new Env(env), countingHandlers("a"));
        AcsApp b = AcsApp.start(new Env(env), countingHandlers("b"))) {
      int[] ports = {a.port(), b.port()};
      List<Path> payloads =
          Fixtures.allPayloads().stream()
              .filter(p -> Set.of("issues", "issue_comment", "pull_request").contains(Fixtures.eventOf(p)))
              .toList();
      Random random = new Random(42);
      List<Send> sends = new ArrayList<>();
      for (int i = 0; i < UNIQUE; i++) {
        Path p = payloads.get(i % payloads.size());
        String id = UUID.randomUUID().toString();
        int node = random.nextInt(2);
        sends.add(new Send(node, Fixtures.eventOf(p), id, Fixtures.bytes(p)));
        if (i % 10 == 0) {
          sends.add(new Send(1 - node, Fixtures.eventOf(p), id, Fixtures.bytes(p)));
        }
        if (i % 50 == 7) {
          failOnce.add(id);
        }
      }
      Collections.shuffle(sends, random);

      HttpClient http = HttpClient.newHttpClient();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<Integer>> codes = new ArrayList<>();
      for (Send s : sends) {
        codes.add(
            pool.submit(
                () ->
                    http.send(Fixtures.signedDelivery(ports[s.node()], SECRET, s.event(), s.deliveryId(), s.body()), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
      }
      Map<Integer, Integer> byCode = new ConcurrentHashMap<>();
      for (Future<Integer> f : codes) {
        byCode.merge(f.get(), 1, Integer::sum);
      }
      pool.shutdown();
      assertThat(byCode).containsOnlyKeys(202, 200).containsEntry(202, UNIQUE).containsEntry(200, UNIQUE / 10);

      DeliveryStore store = new DeliveryStore(a.database());
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> store.countByStatus().getOrDefault(Status.DONE, 0L) == UNIQUE);
      assertThat(store.countByStatus()).containsOnlyKeys(Status.DONE);

      assertThat(successes).hasSize(UNIQUE);
      assertThat(successes.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      assertThat(failuresInjected.keySet()).isEqualTo(failOnce);
      for (String retried : failOnce) {
        assertThat(store.find(retried).orElseThrow().attempts()).as("retried delivery %s", retried).isEqualTo(2);
      }
      assertThat(nodesThatHandled.get("a")).as("node a processed some").isNotEmpty();
      assertThat(nodesThatHandled.get("b")).as("node b processed some").isNotEmpty();
      System.out.printf(
          "two nodes: node a processed %d, node b %d deliveries; %d retried once%n",
          nodesThatHandled.get("a").size(), nodesThatHandled.get("b").size(), failOnce.size());
    }
  }
}
