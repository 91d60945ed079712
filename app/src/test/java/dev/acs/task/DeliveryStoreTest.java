package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.DeliveryStore.Claim;
import dev.acs.task.DeliveryStore.NewDelivery;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The deliveries table on both databases ACS supports. */
class DeliveryStoreTest {

  private static NewDelivery delivery(String id) {
    return delivery(id, Instant.now());
  }

  private static NewDelivery delivery(String id, Instant receivedAt) {
    return new NewDelivery(
        id, "issues", "labeled", 42L, "octo/repo", receivedAt, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void storesEachDeliveryIdOnceAcrossAndWithinBatches(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      assertThat(store.insertAll(List.of(delivery("a"), delivery("b"), delivery("a")))).containsExactly(true, true, false);
      assertThat(store.insertAll(List.of(delivery("c"), delivery("b")))).containsExactly(true, false);
      assertThat(store.insertAll(List.of(delivery("b")))).containsExactly(false);

      var stored = store.find("a").orElseThrow();
      assertThat(stored.event()).isEqualTo("issues");
      assertThat(stored.action()).isEqualTo("labeled");
      assertThat(stored.installationId()).isEqualTo(42L);
      assertThat(stored.repoFullName()).isEqualTo("octo/repo");
      assertThat(stored.status()).isEqualTo(Status.RECEIVED);
      assertThat(new String(stored.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}");
      assertThat(store.countByStatus()).containsEntry(Status.RECEIVED, 3L);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keepsNullInstallationAndLargePayloads(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      byte[] big = new byte[3 * 1024 * 1024];
      java.util.Arrays.fill(big, (byte) 'x');
      store.insertAll(List.of(new NewDelivery("big", "ping", null, null, null, Instant.now(), big)));
      var stored = store.find("big").orElseThrow();
      assertThat(stored.installationId()).isNull();
      assertThat(stored.action()).isNull();
      assertThat(stored.payload()).isEqualTo(big);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void racingInsertsOfTheSameIdStoreItOnce(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      List<Callable<boolean[]>> racers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        racers.add(() -> store.insertAll(List.of(delivery("same"), delivery("other-" + Thread.currentThread().threadId()))));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      int stored = 0;
      for (Future<boolean[]> f : pool.invokeAll(racers)) {
        stored += f.get()[0] ? 1 : 0;
      }
      pool.shutdown();
      assertThat(stored).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentClaimersTakeEachDeliveryExactlyOnce(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      List<NewDelivery> rows = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        rows.add(delivery("c" + i));
      }
      store.insertAll(rows);
      List<Callable<List<String>>> claimers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claimers.add(() -> {
          List<String> mine = new ArrayList<>();
          for (Claim c = store.claimNext(Duration.ofMinutes(10), 7); !c.deliveries().isEmpty(); c = store.claimNext(Duration.ofMinutes(10), 7)) {
            assertThat(c.deliveries()).allSatisfy(d -> {
              assertThat(d.status()).isEqualTo(Status.PROCESSING);
              assertThat(d.attempts()).isEqualTo(1);
            });
            mine.addAll(c.ids());
            assertThat(store.completeAll(c.token(), c.ids())).isEqualTo(c.ids().size());
          }
          return mine;
        });
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : pool.invokeAll(claimers)) {
        all.addAll(f.get());
      }
      pool.shutdown();
      assertThat(all).hasSize(200).doesNotHaveDuplicates();
      assertThat(store.countByStatus()).containsOnly(Map.entry(Status.DONE, 200L));
      assertThat(store.claimNext(Duration.ZERO, 10).deliveries()).as("DONE rows are never claimed").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void claimsTakeTheOldestFirstAndOnlyTheirOwnRowsCanBeFinished(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      Instant t = Instant.now().minus(1, ChronoUnit.MINUTES);
      store.insertAll(List.of(delivery("third", t.plusSeconds(2)), delivery("first", t), delivery("second", t.plusSeconds(1))));
      Claim two = store.claimNext(Duration.ofMinutes(10), 2);
      assertThat(two.ids()).containsExactly("first", "second");
      assertThat(two.deliveries().get(0).payload()).isEqualTo(delivery("first").payload());
      assertThat(store.completeAll("not-the-token", two.ids())).isZero();
      assertThat(store.completeAll(two.token(), List.of("first"))).isEqualTo(1);
      assertThat(store.find("first").orElseThrow().status()).isEqualTo(Status.DONE);
      assertThat(store.claimNext(Duration.ofMinutes(10), 5).ids()).as("a fresh claim is respected").containsExactly("third");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRetryWaitsForItsTimeAndAStaleClaimIsTakenOver(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      store.insertAll(List.of(delivery("r")));

      Claim first = store.claimNext(Duration.ofMinutes(10), 1);
      assertThat(store.fail("r", first.token(), "java.io.IOException: boom", Instant.now().plusSeconds(60))).isTrue();
      var waiting = store.find("r").orElseThrow();
      assertThat(waiting.status()).isEqualTo(Status.RETRY);
      assertThat(waiting.lastError()).isEqualTo("java.io.IOException: boom");
      assertThat(store.claimNext(Duration.ofMinutes(10), 1).deliveries()).as("not due yet").isEmpty();

      makeDue(db, "r");
      Claim again = store.claimNext(Duration.ofMinutes(10), 1);
      assertThat(again.deliveries().get(0).attempts()).isEqualTo(2);
      assertThat(store.fail("r", again.token(), "x".repeat(5000), null)).isTrue();
      var failed = store.find("r").orElseThrow();
      assertThat(failed.status()).isEqualTo(Status.FAILED);
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.lastError()).hasSizeLessThanOrEqualTo(2000);
      assertThat(store.claimNext(Duration.ZERO, 1).deliveries()).as("FAILED rows are never claimed").isEmpty();

      store.insertAll(List.of(delivery("s")));
      Claim held = store.claimNext(Duration.ofMinutes(10), 1);
      Thread.sleep(20);
      Claim takeover = store.claimNext(Duration.ofMillis(1), 1);
      assertThat(takeover.ids()).containsExactly("s");
      assertThat(store.completeAll(held.token(), held.ids())).as("the presumed-dead holder cannot finish").isZero();
      assertThat(store.completeAll(takeover.token(), takeover.ids())).isEqualTo(1);
    }
  }

  /** Moves the retry's time into the past, as if its backoff had elapsed. */
  private static void makeDue(Database db, String id) throws Exception {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("UPDATE deliveries SET next_attempt_at = ? WHERE delivery_id = ?")) {
      ps.setObject(1, Instant.now().minusSeconds(1).atOffset(java.time.ZoneOffset.UTC));
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void releasedDeliveriesAreWaitingAgainWithTheirAttemptNotCounted(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      store.insertAll(List.of(delivery("a"), delivery("b")));
      Claim claim = store.claimNext(Duration.ofMinutes(10), 2);
      assertThat(store.release(claim.token(), List.of("b"))).isEqualTo(1);
      var b = store.find("b").orElseThrow();
      assertThat(b.status()).isEqualTo(Status.RECEIVED);
      assertThat(b.attempts()).isZero();
      assertThat(store.claimNext(Duration.ofMinutes(10), 2).ids()).containsExactly("b");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRestartedNodeTakesBackOnlyItsOwnClaimsAndKeepsTheAttemptCounted(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore a = new DeliveryStore(db, "node-a");
      DeliveryStore b = new DeliveryStore(db, "node-b");
      a.insertAll(List.of(delivery("mine-1"), delivery("mine-2"), delivery("theirs")));
      assertThat(a.claimNext(Duration.ofMinutes(10), 2).ids()).containsExactly("mine-1", "mine-2");
      assertThat(b.claimNext(Duration.ofMinutes(10), 5).ids()).containsExactly("theirs");

      // node-a was killed with its claims in hand and starts again under the same id.
      DeliveryStore restarted = new DeliveryStore(db, "node-a");
      assertThat(restarted.takeBackOwnClaims()).isEqualTo(2);
      assertThat(restarted.takeBackOwnClaims()).as("nothing left to take back").isZero();
      var back = restarted.find("mine-1").orElseThrow();
      assertThat(back.status()).isEqualTo(Status.RECEIVED);
      assertThat(back.attempts()).as("the interrupted attempt still counts").isEqualTo(1);
      assertThat(back.lastError()).contains("taken back");
      assertThat(restarted.find("theirs").orElseThrow().status()).as("another live node's claim is left alone").isEqualTo(Status.PROCESSING);
      assertThat(restarted.claimNext(Duration.ofMinutes(10), 5).ids()).containsExactly("mine-1", "mine-2");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRenewedClaimOutlivesItsFirstLeaseWhileAnUnrenewedOneIsTakenOver(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore holder = new DeliveryStore(db, "holder");
      DeliveryStore other = new DeliveryStore(db, "other");
      Instant t = Instant.now().minus(1, ChronoUnit.MINUTES);
      holder.insertAll(List.of(delivery("renewed", t), delivery("left", t.plusSeconds(1))));
      Claim renewed = holder.claimNext(Duration.ofMinutes(10), 1);
      Claim left = holder.claimNext(Duration.ofMinutes(10), 1);
      Thread.sleep(300);
      assertThat(holder.renew(List.of(renewed.token()))).isEqualTo(1);
      Claim takeover = other.claimNext(Duration.ofMillis(200), 5);
      assertThat(takeover.ids()).containsExactly("left");
      assertThat(holder.completeAll(left.token(), left.ids())).isZero();
      assertThat(holder.renew(List.of(left.token()))).as("a claim taken over is not renewed").isZero();
      assertThat(holder.completeAll(renewed.token(), renewed.ids())).isEqualTo(1);
    }
  }
}
