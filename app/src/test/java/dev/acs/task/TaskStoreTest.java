package dev.acs.task;

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
}
