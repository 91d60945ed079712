package dev.acs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.task.Database;
import dev.acs.task.DeliveryStore;
import dev.acs.task.JobTargets;
import dev.acs.task.Jobs;
import dev.acs.task.DeliveryStore.NewDelivery;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.TestDatabases;
import dev.acs.task.TestDatabases.Kind;
import dev.acs.webhook.event.IssuesEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The delivery job called directly (as JobRunr would), on both databases. */
class DeliveryJobTest {

  private static void store(DeliveryStore store, String id) throws Exception {
    store.insertAll(
        List.of(new NewDelivery(id, "issues", "labeled", null, "Codertocat/Hello-World", Instant.now(), Fixtures.bytes("issues/labeled.json"))));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentRunsOfOneDeliveryRunItsHandlerOnce(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "d1");
      AtomicInteger calls = new AtomicInteger();
      CountDownLatch inHandler = new CountDownLatch(1);
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, (e, d) -> {
                calls.incrementAndGet();
                assertThat(e.issue().number()).isEqualTo(1);
                assertThat(d.deliveryId()).isEqualTo("d1");
                assertThat(d.attempt()).isEqualTo(1);
                inHandler.countDown();
                Thread.sleep(300);
              });
      DeliveryJob job = new DeliveryJob(store, handlers, new EventParser(), null, Duration.ofMinutes(10), 3, 3);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Callable<String>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(() -> {
          try {
            job.process("d1");
            return "ok";
          } catch (DeliveryJob.DeliveryBusyException e) {
            return "busy";
          }
        });
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(runs)) {
        results.add(f.get());
      }
      pool.shutdown();
      assertThat(calls).hasValue(1);
      assertThat(store.find("d1").orElseThrow().status()).isEqualTo(Status.DONE);
      // Runs that met the fresh claim failed (JobRunr would retry them and then see DONE).
      assertThat(results).contains("ok");
      job.process("d1");
      assertThat(calls).as("a run after DONE does nothing").hasValue(1);
    }
  }

  @Test
  void aFailingHandlerLeavesTheDeliveryForRetryThenDone() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2)) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "d2");
      AtomicInteger calls = new AtomicInteger();
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, (e, d) -> {
                if (calls.incrementAndGet() == 1) {
                  throw new java.io.IOException("GitHub said 502");
                }
                assertThat(d.attempt()).isEqualTo(2);
              });
      DeliveryJob job = new DeliveryJob(store, handlers, new EventParser(), null, Duration.ofMinutes(10), 3, 3);
      assertThatThrownBy(() -> job.process("d2")).hasMessageContaining("GitHub said 502");
      var failed = store.find("d2").orElseThrow();
      assertThat(failed.status()).isEqualTo(Status.RETRY);
      assertThat(failed.lastError()).contains("GitHub said 502");
      job.process("d2");
      assertThat(store.find("d2").orElseThrow().status()).isEqualTo(Status.DONE);
      assertThat(calls).hasValue(2);
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
              .on(IssuesEvent.class, java.util.Set.of("opened"), (e, d) -> ran.add("opened-only"))
              .on(IssuesEvent.class, java.util.Set.of("labeled"), (e, d) -> ran.add("labeled-only"))
              .on(IssuesEvent.class, (e, d) -> ran.add("all"));
      assertThat(handlers.wants(IssuesEvent.class, "labeled")).isTrue();
      assertThat(handlers.wants(dev.acs.webhook.event.PingEvent.class, null)).isFalse();
      new DeliveryJob(store, handlers, new EventParser(), null, Duration.ofMinutes(10), 3, 3).process("d3");
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
      DeliveryJob job = new DeliveryJob(store, handlers, new EventParser(), null, Duration.ofMinutes(10), 3, 3);
      assertThatThrownBy(() -> job.process("d4")).hasMessageContaining("second fails once");
      job.process("d4");
      assertThat(ran).containsExactly("first", "second", "second", "third");
      assertThat(store.find("d4").orElseThrow().handlersDone()).isEqualTo(3);
    }
  }

  @Test
  void aDeliveryThatFailsInAGroupGetsARetryJobOfItsOwnAndTheOthersAreDone() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2);
        Jobs jobs = Jobs.open(db.dataSource(), new JobTargets(), new Jobs.Settings(0, Duration.ofSeconds(5), 3, 3, false))) {
      DeliveryStore store = new DeliveryStore(db);
      for (String id : List.of("g1", "g2", "g3")) {
        store(store, id);
      }
      EventHandlers handlers =
          new EventHandlers()
              .on(IssuesEvent.class, (e, d) -> {
                if (d.deliveryId().equals("g2")) {
                  throw new java.io.IOException("g2 fails");
                }
              });
      DeliveryJob job = new DeliveryJob(store, handlers, new EventParser(), jobs, Duration.ofMinutes(10), 3, 3);
      job.processAll(List.of("g1", "g2", "g3"));
      assertThat(store.find("g1").orElseThrow().status()).isEqualTo(Status.DONE);
      assertThat(store.find("g2").orElseThrow().status()).isEqualTo(Status.RETRY);
      assertThat(store.find("g3").orElseThrow().status()).isEqualTo(Status.DONE);
      assertThat(jobs.state(DeliveryJob.jobId("g2"))).contains("SCHEDULED");
      assertThat(jobs.state(DeliveryJob.jobId("g1"))).isEmpty();
    }
  }

  @Test
  void groupsDeliveriesIntoJobsSpreadOverTheWorkers() throws Exception {
    try (Database db = TestDatabases.open(Kind.H2);
        Jobs jobs = Jobs.open(db.dataSource(), new JobTargets(), new Jobs.Settings(0, Duration.ofSeconds(5), 3, 3, false))) {
      DeliveryStore store = new DeliveryStore(db);
      store(store, "solo");
      DeliveryJob.enqueue(jobs, store, List.of("solo"), 8);
      assertThat(jobs.state(DeliveryJob.jobId("solo"))).contains("ENQUEUED");
      assertThat(store.find("solo").orElseThrow().status()).isEqualTo(Status.QUEUED);

      List<String> many = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        many.add("m" + i);
        store(store, "m" + i);
      }
      DeliveryJob.enqueue(jobs, store, many, 8);
      // 100 deliveries over 8 workers: 13 per job, 8 jobs; none gets a job of its own.
      assertThat(jobs.state(dev.acs.task.Jobs.idFor("deliveries", String.join(",", many.subList(0, 13))))).contains("ENQUEUED");
      assertThat(jobs.state(DeliveryJob.jobId("m0"))).isEmpty();
      assertThat(store.countByStatus()).containsEntry(Status.QUEUED, 101L);
    }
  }
}
