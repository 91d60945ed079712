package dev.acs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.task.Database;
import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Claim;
import dev.acs.task.DeliveryStore.NewDelivery;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.TestDatabases;
import dev.acs.task.TestDatabases.Kind;
import dev.acs.webhook.event.IssuesEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Stored deliveries processed by the workers and the processor, on both databases. */
class DeliveryWorkersTest {
  private static final Duration LEASE = Duration.ofMinutes(10);

  private static void store(DeliveryStore store, String... ids) throws Exception {
    List<NewDelivery> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(new NewDelivery(id, "issues", "labeled", null, "Codertocat/Hello-World", Instant.now(), Fixtures.bytes("issues/labeled.json")));
    }
    store.insertAll(rows);
  }

  private static DeliveryWorkers.Settings settings(int threads) {
    return new DeliveryWorkers.Settings(threads, 16, Duration.ofMillis(200), LEASE);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void workersHandleEveryStoredDeliveryOnce(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, (e, d) -> {
                assertThat(e.issue().number()).isEqualTo(1);
                assertThat(d.attempt()).isEqualTo(1);
                calls.computeIfAbsent(d.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
              });
      try (DeliveryWorkers workers =
          new DeliveryWorkers(store, new DeliveryProcessor(store, handlers, new EventParser(), 3, 3), settings(3), new IntakeLoad()).start()) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          ids.add("w" + i);
        }
        store(store, ids.toArray(String[]::new));
        workers.wake();
        await().atMost(Duration.ofSeconds(30)).until(() -> store.countByStatus().getOrDefault(Status.DONE, 0L) == 150);
        assertThat(calls).hasSize(150);
        assertThat(calls.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(workers.running()).isTrue();
      }
    }
  }

  @Test
  void aDeliveryThatFailsInABatchWaitsForItsRetryAndTheOthersAreDone() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "g1", "g2", "g3");
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, (e, d) -> {
                if (d.deliveryId().equals("g2")) {
                  throw new java.io.IOException("GitHub said 502");
                }
              });
      DeliveryWorkers workers = new DeliveryWorkers(store, new DeliveryProcessor(store, handlers, new EventParser(), 3, 3), settings(1), new IntakeLoad());
      Instant before = Instant.now();
      workers.processAll(store.claimNext(LEASE, 10));
      assertThat(store.find("g1").orElseThrow().status()).isEqualTo(Status.DONE);
      assertThat(store.find("g3").orElseThrow().status()).isEqualTo(Status.DONE);
      var g2 = store.find("g2").orElseThrow();
      assertThat(g2.status()).isEqualTo(Status.RETRY);
      assertThat(g2.lastError()).contains("GitHub said 502");
      assertThat(store.claimNext(LEASE, 10).deliveries()).as("the retry waits seed^1 = 3 s").isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> !store.claimNext(LEASE, 10).deliveries().isEmpty());
      assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void handlersRunOnlyForTheActionsTheyAskedFor() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "d3");
      List<String> ran = new ArrayList<>();
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, Set.of("opened"), (e, d) -> ran.add("opened-only"))
              .on(IssuesEvent.class, Set.of("labeled"), (e, d) -> ran.add("labeled-only"))
              .on(IssuesEvent.class, (e, d) -> ran.add("all"));
      assertThat(handlers.wants(IssuesEvent.class, "labeled")).isTrue();
      assertThat(handlers.wants(dev.acs.webhook.event.PingEvent.class, null)).isFalse();
      Claim claim = store.claimNext(LEASE, 1);
      assertThat(new DeliveryProcessor(store, handlers, new EventParser(), 3, 3).process(claim.deliveries().get(0), claim.token()))
          .isEqualTo(DeliveryProcessor.Outcome.HANDLED);
      assertThat(ran).containsExactly("labeled-only", "all");
    }
  }

  @Test
  void withSeveralHandlersARetryRunsOnlyThoseNotYetDone() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "d4");
      List<String> ran = new ArrayList<>();
      AtomicInteger secondCalls = new AtomicInteger();
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, (e, d) -> ran.add("first"))
              .on(IssuesEvent.class, (e, d) -> {
                ran.add("second");
                if (secondCalls.incrementAndGet() == 1) {
                  throw new IllegalStateException("second fails once");
                }
              })
              .on(IssuesEvent.class, (e, d) -> ran.add("third"));
      // Seed 0: the retry is due at once.
      DeliveryProcessor processor = new DeliveryProcessor(store, handlers, new EventParser(), 3, 0);
      Claim first = store.claimNext(LEASE, 1);
      assertThat(processor.process(first.deliveries().get(0), first.token())).isEqualTo(DeliveryProcessor.Outcome.RETRYING);
      Claim second = store.claimNext(LEASE, 1);
      assertThat(processor.process(second.deliveries().get(0), second.token())).isEqualTo(DeliveryProcessor.Outcome.HANDLED);
      assertThat(ran).containsExactly("first", "second", "second", "third");
      assertThat(store.find("d4").orElseThrow().handlersDone()).isEqualTo(3);
    }
  }

  @Test
  void theLastAllowedAttemptMarksTheDeliveryFailed() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "f");
      EventHandlers handlers = new EventHandlers().on(IssuesEvent.class, (e, d) -> {
        throw new IllegalStateException("always fails");
      });
      // No retries allowed: the first failure is the last.
      DeliveryProcessor processor = new DeliveryProcessor(store, handlers, new EventParser(), 0, 3);
      Claim claim = store.claimNext(LEASE, 1);
      assertThat(processor.process(claim.deliveries().get(0), claim.token())).isEqualTo(DeliveryProcessor.Outcome.FAILED);
      var failed = store.find("f").orElseThrow();
      assertThat(failed.status()).isEqualTo(Status.FAILED);
      assertThat(failed.lastError()).contains("always fails");
    }
  }

  @ParameterizedTest
  @CsvSource({"3,1,3", "3,2,9", "3,5,243", "3,8,3600", "3,40,3600", "2,3,8", "0,1,0"})
  void retriesBackOffExponentiallyUpToAnHour(int seed, int attempt, long seconds) {
    DeliveryProcessor processor = new DeliveryProcessor(null, new EventHandlers(), new EventParser(), 10, seed);
    assertThat(processor.backoff(attempt)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void closingGivesTheUnstartedRestOfABatchBack() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "b1", "b2", "b3");
      CountDownLatch inFirst = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      EventHandlers handlers = new EventHandlers().on(IssuesEvent.class, (e, d) -> {
        inFirst.countDown();
        release.await();
      });
      DeliveryWorkers workers =
          new DeliveryWorkers(store, new DeliveryProcessor(store, handlers, new EventParser(), 3, 3), settings(1), new IntakeLoad()).start();
      workers.wake();
      assertThat(inFirst.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Thread closer = Thread.ofPlatform().start(workers::close);
      Thread.sleep(200);
      release.countDown();
      closer.join(10_000);
      assertThat(store.countByStatus()).containsEntry(Status.DONE, 1L).containsEntry(Status.RECEIVED, 2L);
      assertThat(workers.running()).isFalse();
    }
  }

  @Test
  void aBusyIntakeHoldsProcessingBackForAtMostASecondPerBatch() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      IntakeLoad intake = new IntakeLoad();
      for (int i = 0; i < IntakeLoad.BUSY_FROM; i++) {
        intake.begin();
      }
      assertThat(intake.busy()).isTrue();
      AtomicInteger handled = new AtomicInteger();
      EventHandlers handlers = new EventHandlers().on(IssuesEvent.class, (e, d) -> handled.incrementAndGet());
      // Batches of one: each needs its own turn.
      DeliveryWorkers.Settings oneAtATime = new DeliveryWorkers.Settings(1, 1, Duration.ofMillis(50), LEASE);
      try (DeliveryWorkers workers =
          new DeliveryWorkers(store, new DeliveryProcessor(store, handlers, new EventParser(), 3, 3), oneAtATime, intake).start()) {
        Thread.sleep(100);
        store(store, "busy-1", "busy-2", "busy-3");
        workers.wake();
        long start = System.nanoTime();
        Thread.sleep(300);
        assertThat(handled).as("held back while the intake is busy").hasValue(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() >= 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("but not for longer than a second or so")
            .isLessThan(DeliveryWorkers.MAX_DEFER.plusMillis(900));

        for (int i = 0; i < IntakeLoad.BUSY_FROM; i++) {
          intake.end();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> handled.get() == 3);
      }
    }
  }
}
