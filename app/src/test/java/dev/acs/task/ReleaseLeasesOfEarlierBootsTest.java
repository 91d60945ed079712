package dev.acs.task;

import dev.acs.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A restarted node frees what its dead process held, and nothing else. */
class ReleaseLeasesOfEarlierBootsTest {
  private static final Duration LEASE = Duration.ofSeconds(300);

  static java.util.stream.Stream<TestDatabases.Kind> databases() {
    return TestDatabases.both();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void onlyTheLeasesOfThisNodesEarlierProcessesAreReleased(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TaskStore earlierBoot = store(db, new RunOwners("node-a"));
      TaskStore otherNode = store(db, new RunOwners("node-ab")); // a name that starts like this node's
      RunOwners thisBoot = new RunOwners("node-a");
      TaskStore restarted = store(db, thisBoot);

      Task dead = held(earlierBoot, 1);
      Task deadToo = held(earlierBoot, 2);
      Task elsewhere = held(otherNode, 3);
      Task mine = held(restarted, 4);
      Task queued = restarted.findOrCreate("o/r", 5, null, "t");
      assertThat(restarted.queueRun(queued.id())).isTrue();
      Task free = restarted.findOrCreate("o/r", 6, null, "t");

      assertThat(new ReleaseLeasesOfEarlierBoots(restarted, thisBoot).run()).isEqualTo(2);

      // Any run takes the dead process's tasks at once, without waiting out the lease.
      TaskStore anyNode = store(db, new RunOwners("node-c"));
      assertThat(anyNode.takeLease(dead.id(), "run:next")).map(Task::leaseOwner).contains("run:next");
      assertThat(restarted.takeLease(deadToo.id(), restarted.newRunOwner())).isPresent();
      assertThat(anyNode.events(dead.id())).extracting(TaskEvent::summary)
          .anySatisfy(s -> assertThat(s).contains("released at the restart of node node-a").contains(dead.leaseOwner()));
      // The other node's run, this process's run and a queued run keep theirs.
      assertThat(anyNode.takeLease(elsewhere.id(), "run:next")).isEmpty();
      assertThat(anyNode.takeLease(mine.id(), "run:next")).isEmpty();
      assertThat(anyNode.find(queued.id()).orElseThrow().leaseOwner()).isEqualTo(TaskStore.QUEUED);
      assertThat(anyNode.find(free.id()).orElseThrow().leaseOwner()).isNull();
      assertThat(new ReleaseLeasesOfEarlierBoots(restarted, thisBoot).run()).as("nothing left to release").isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aLeaseThatExpiredAlreadyIsLeftAsItIs(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
      TaskStore earlierBoot = new TaskStore(db.dataSource(), clock, LEASE, new RunOwners("node-a"));
      Task t = held(earlierBoot, 1);
      clock.advance(LEASE.plusSeconds(1));
      RunOwners thisBoot = new RunOwners("node-a");
      assertThat(new ReleaseLeasesOfEarlierBoots(new TaskStore(db.dataSource(), clock, LEASE, thisBoot), thisBoot).run()).isZero();
      assertThat(earlierBoot.events(t.id())).extracting(TaskEvent::kind).doesNotContain("lease");
    }
  }

  @Test
  void runsOfOneProcessHaveDistinctOwnersUnderItsNodeAndBoot() {
    RunOwners runs = new RunOwners("acs-0.acs.default.svc:3000");
    assertThat(runs.next()).isNotEqualTo(runs.next()).startsWith("acs-0.acs.default.svc:3000/" + runs.boot() + "/");
    assertThat(new RunOwners("acs-0.acs.default.svc:3000").boot()).isNotEqualTo(runs.boot());
    assertThatThrownBy(() -> new RunOwners("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RunOwners("a_%")).isInstanceOf(IllegalArgumentException.class);
  }

  private static TaskStore store(Database db, RunOwners owners) {
    return new TaskStore(db.dataSource(), Clock.systemUTC(), LEASE, owners);
  }

  /** A task whose run (of this store's process) holds the lease. */
  private static Task held(TaskStore store, int issue) {
    Task t = store.findOrCreate("o/r", issue, null, "t");
    return store.takeLease(t.id(), store.newRunOwner()).orElseThrow();
  }
}
