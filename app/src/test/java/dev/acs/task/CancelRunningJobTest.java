package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.acs.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A job cancelled ({@link Jobs#delete}) while it runs, which then ends by itself before JobRunr's
 * steward interrupts it — a repair that finds its pull request merged at its next step, while the
 * merge's handler cancels it. The job stays deleted, and JobRunr does not log an ERROR about it.
 * Real JobRunr on real databases.
 */
class CancelRunningJobTest {
  /** What JobRunr's worker logs about a job's end (ERROR when it cannot store the job's ending). */
  private final Logger performer = (Logger) LoggerFactory.getLogger("org.jobrunr.server.BackgroundJobPerformer");
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level level;

  static java.util.stream.Stream<TestDatabases.Kind> databases() {
    return TestDatabases.both();
  }

  /** A job target that runs until the test lets it end. */
  public static final class Gate {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    public void pass() throws InterruptedException {
      started.countDown();
      open.await();
    }
  }

  @BeforeEach
  void listen() {
    level = performer.getLevel();
    performer.setLevel(Level.INFO);
    logged.start();
    performer.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    performer.detachAppender(logged);
    performer.setLevel(level);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aJobThatEndsByItselfAfterItWasCancelledStaysDeletedWithoutAnError(TestDatabases.Kind kind) throws Exception {
    Gate gate = new Gate();
    try (Database db = kind.open();
        Jobs jobs = Jobs.open(db.dataSource(), new JobTargets().register(Gate.class, gate),
            new Jobs.Settings(1, Duration.ofSeconds(5), 0, 2, true)).startProcessing()) {
      UUID id = jobs.enqueue((Gate g) -> g.pass());
      assertThat(gate.started.await(60, TimeUnit.SECONDS)).as("the job started").isTrue();

      assertThat(jobs.delete(id, "pull request merged")).isTrue();
      gate.open.countDown(); // the job ends on its own, before JobRunr's next look at the jobs it runs

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> !events().isEmpty());
      assertThat(events()).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR))
          .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("it was already deleted"));
      assertThat(jobs.state(id)).contains("DELETED");
    }
  }

  /** What the worker said about how the job ended: stored, or ignored as deleted, or an error. */
  private List<ILoggingEvent> events() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR || e.getFormattedMessage().contains("already deleted")
        || e.getFormattedMessage().contains("processing succeeded")).toList();
  }
}
