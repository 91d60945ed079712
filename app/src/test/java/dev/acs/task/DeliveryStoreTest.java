package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.DeliveryStore.NewDelivery;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  void exactlyOneOfManyConcurrentClaimsWins(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      store.insertAll(List.of(delivery("d")));
      List<Callable<Optional<String>>> claimers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        claimers.add(() -> store.claim("d", Duration.ofMinutes(10)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(10);
      List<String> tokens = new ArrayList<>();
      for (Future<Optional<String>> f : pool.invokeAll(claimers)) {
        f.get().ifPresent(tokens::add);
      }
      pool.shutdown();
      assertThat(tokens).hasSize(1);
      var d = store.find("d").orElseThrow();
      assertThat(d.status()).isEqualTo(Status.PROCESSING);
      assertThat(d.attempts()).isEqualTo(1);

      assertThat(store.complete("d", "not-the-token")).isFalse();
      assertThat(store.complete("d", tokens.get(0))).isTrue();
      assertThat(store.find("d").orElseThrow().status()).isEqualTo(Status.DONE);
      assertThat(store.claim("d", Duration.ZERO)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aFailedAttemptCanBeClaimedAgainAndAStaleClaimTakenOver(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      store.insertAll(List.of(delivery("r"), delivery("s")));

      String first = store.claim("r", Duration.ofMinutes(10)).orElseThrow();
      assertThat(store.fail("r", first, "java.io.IOException: boom", false)).isTrue();
      assertThat(store.find("r").orElseThrow().status()).isEqualTo(Status.RETRY);
      assertThat(store.find("r").orElseThrow().lastError()).isEqualTo("java.io.IOException: boom");
      String second = store.claim("r", Duration.ofMinutes(10)).orElseThrow();
      assertThat(store.fail("r", second, "x".repeat(5000), true)).isTrue();
      var failed = store.find("r").orElseThrow();
      assertThat(failed.status()).isEqualTo(Status.FAILED);
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.lastError()).hasSizeLessThanOrEqualTo(2000);

      String held = store.claim("s", Duration.ofMinutes(10)).orElseThrow();
      assertThat(store.claim("s", Duration.ofMinutes(10))).as("fresh claim is respected").isEmpty();
      Thread.sleep(20);
      String takeover = store.claim("s", Duration.ofMillis(1)).orElseThrow();
      assertThat(store.complete("s", held)).as("the presumed-dead holder cannot finish").isFalse();
      assertThat(store.complete("s", takeover)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void strandedAreOldReceivedRowsOnly(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      Instant old = Instant.now().minus(10, ChronoUnit.MINUTES);
      store.insertAll(List.of(delivery("old-1", old), delivery("old-2", old.plusSeconds(1)), delivery("old-queued", old), delivery("new")));
      store.markQueued(List.of("old-queued"));
      assertThat(store.stranded(Duration.ofMinutes(1), 10)).containsExactly("old-1", "old-2");
      assertThat(store.stranded(Duration.ofMinutes(1), 1)).containsExactly("old-1");
      assertThat(store.find("old-queued").orElseThrow().status()).isEqualTo(Status.QUEUED);

      // A row already being processed is not set back to QUEUED by a late markQueued.
      String token = store.claim("new", Duration.ofMinutes(1)).orElseThrow();
      store.markQueued(List.of("new"));
      assertThat(store.find("new").orElseThrow().status()).isEqualTo(Status.PROCESSING);
      assertThat(store.complete("new", token)).isTrue();
    }
  }
}
