package dev.acs.task;

import dev.acs.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.testing.TestDatabases;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaskStoreTest {

  static java.util.stream.Stream<TestDatabases.Kind> databases() {
    return TestDatabases.both();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void oneTaskPerIssueEvenWhenRequestsRace(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      TaskStore store = new TaskStore(db.dataSource());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Set<String> ids = ConcurrentHashMap.newKeySet();
      List<Future<?>> all =
          IntStream.range(0, 32)
              .<Future<?>>mapToObj(i -> pool.submit(() -> ids.add(store.findOrCreate("o/r", 7, 1L, "Fix it").id())))
              .toList();
      for (Future<?> f : all) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(ids).hasSize(1);
      assertThat(store.all()).hasSize(1);
      assertThat(store.events(ids.iterator().next())).extracting(TaskEvent::kind).containsExactly("transition");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void transitionsAreCheckedAndAudited(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TaskStore store = new TaskStore(db.dataSource());
      Task t = store.findOrCreate("o/r", 1, null, "t");
      store.transition(t.id(), TaskState.PLANNED, "plan posted");
      Task moved = store.transition(t.id(), TaskState.IMPLEMENTING, null);
      assertThat(moved.state()).isEqualTo(TaskState.IMPLEMENTING);
      assertThatThrownBy(() -> store.transition(t.id(), TaskState.DONE, null))
          .isInstanceOf(TaskStore.IllegalTransition.class)
          .hasMessageContaining("IMPLEMENTING to DONE");
      assertThat(store.events(t.id())).extracting(TaskEvent::summary)
          .containsExactly("created in NEW", "NEW → PLANNED: plan posted", "PLANNED → IMPLEMENTING");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void storesFieldsSpendAndRepairs(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TaskStore store = new TaskStore(db.dataSource());
      Task t = store.findOrCreate("o/r", 2, 42L, "t");
      store.set(t.id(), "branch", "acs/2-t");
      store.set(t.id(), "pr_number", 9);
      store.addSpend(t.id(), 1000, new BigDecimal("0.012"));
      Task after = store.addSpend(t.id(), 500, new BigDecimal("0.003"));
      assertThat(after.tokens()).isEqualTo(1500);
      assertThat(after.costUsd()).isEqualByComparingTo("0.015");
      assertThat(store.findByPullRequest("o/r", 9)).map(Task::id).contains(t.id());
      assertThat(store.findByBranch("o/r", "acs/2-t")).map(Task::installationId).contains(42L);

      assertThat(store.claimRepair("o/r", 9, "abc", t.id(), "checks")).isTrue();
      assertThat(store.claimRepair("o/r", 9, "abc", t.id(), "checks")).isFalse();
      assertThat(store.claimRepair("o/r", 9, "def", t.id(), "checks")).isTrue();
      assertThatThrownBy(() -> store.set(t.id(), "state", "DONE")).isInstanceOf(IllegalArgumentException.class);

      store.set(t.id(), "requested_by", "alice");
      store.set(t.id(), "human_head_sha", "0123456789abcdef0123456789abcdef01234567");
      Task human = store.set(t.id(), "human_pushed_by", "bob");
      assertThat(human.requestedBy()).isEqualTo("alice");
      assertThat(human.humanHeadSha()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
      assertThat(human.humanPushedBy()).isEqualTo("bob");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void oneRunHoldsATaskAtATimeAndAnExpiredLeaseIsTakenOver(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
      TaskStore store = new TaskStore(db.dataSource(), clock, java.time.Duration.ofSeconds(60));
      Task t = store.findOrCreate("o/r", 3, null, "t");

      // Racing triggers: one queues the run.
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> queued = IntStream.range(0, 16).mapToObj(i -> pool.submit(() -> store.queueRun(t.id()))).toList();
      int won = 0;
      for (Future<Boolean> f : queued) {
        won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      pool.shutdown();
      assertThat(won).isEqualTo(1);

      assertThat(store.takeLease(t.id(), "run:a")).map(Task::leaseOwner).contains("run:a");
      assertThat(store.takeLease(t.id(), "run:b")).isEmpty();
      assertThat(store.queueRun(t.id())).isFalse();
      Task implementing = store.transition(t.id(), TaskState.NEW, TaskState.IMPLEMENTING, "go", "run:a");
      assertThat(implementing.state()).isEqualTo(TaskState.IMPLEMENTING);
      assertThatThrownBy(() -> store.transition(t.id(), TaskState.IMPLEMENTING, TaskState.PR_OPEN, "not mine", "run:b"))
          .isInstanceOf(TaskStore.LostTask.class);
      assertThatThrownBy(() -> store.transition(t.id(), TaskState.NEW, TaskState.PLANNED, "stale copy", "run:a"))
          .isInstanceOf(TaskStore.LostTask.class);

      clock.advance(java.time.Duration.ofSeconds(50));
      assertThat(store.renewLease(t.id(), "run:a")).isTrue();
      clock.advance(java.time.Duration.ofSeconds(50));
      assertThat(store.takeLease(t.id(), "run:b")).as("renewed: still held").isEmpty();
      clock.advance(java.time.Duration.ofSeconds(20));
      assertThat(store.takeLease(t.id(), "run:b")).as("expired: taken over").map(Task::leaseOwner).contains("run:b");
      assertThat(store.renewLease(t.id(), "run:a")).isFalse();
      store.releaseLease(t.id(), "run:a");
      assertThat(store.find(t.id()).orElseThrow().leaseOwner()).isEqualTo("run:b");
      store.releaseLease(t.id(), "run:b");
      assertThat(store.find(t.id()).orElseThrow().leaseOwner()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRestartAfterAnEndingStartsCleanAndStepsAreRecordedOncePerStart(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TaskStore store = new TaskStore(db.dataSource());
      Task t = store.findOrCreate("o/r", 4, null, "t");
      store.set(t.id(), "branch", "acs/4-t");
      store.set(t.id(), "pr_number", 12);
      store.set(t.id(), "head_sha", "abc");
      store.set(t.id(), "check_run_id", 99L);
      store.set(t.id(), "attempts", 3);
      assertThat(store.recordStep(t.id(), 0, "check_run:abc", "99")).isTrue();
      assertThat(store.recordStep(t.id(), 0, "check_run:abc", "100")).isFalse();
      assertThat(store.step(t.id(), 0, "check_run:abc")).contains("99");
      store.transition(t.id(), TaskState.FAILED, "gave up");

      Task again = store.restart(t.id(), TaskState.FAILED, "started again by @alice");
      assertThat(again.state()).isEqualTo(TaskState.NEW);
      assertThat(again.runs()).isEqualTo(1);
      assertThat(again.attempts()).isZero();
      assertThat(again.branch()).isNull();
      assertThat(again.prNumber()).isNull();
      assertThat(again.headSha()).isNull();
      assertThat(again.checkRunId()).isNull();
      assertThat(again.leaseOwner()).isEqualTo(TaskStore.QUEUED);
      assertThat(store.step(t.id(), again.runs(), "check_run:abc")).isEmpty();
      assertThatThrownBy(() -> store.restart(t.id(), TaskState.FAILED, "a second trigger")).isInstanceOf(TaskStore.LostTask.class);
    }
  }}
