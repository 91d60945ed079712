package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks WAITING_FOR_ANSWER longer than their repository's {@code question_timeout_days} (default
 * 7, counted from the latest round of questions) are STOPPED with a note on the issue. Runs at
 * start and then every {@code every} on each node, like {@link ResumeUnattendedTasks}; the state
 * change is conditional, so two nodes stop a task once.
 */
public final class StopUnansweredQuestions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StopUnansweredQuestions.class);

  private final TaskServices services;
  private PeriodicSweep timer;

  public StopUnansweredQuestions(TaskServices services) {
    this.services = services;
  }

  /** Stops every task whose questions went unanswered too long; returns how many. */
  public int sweep() {
    return sweep(services.tasks().now());
  }

  /** As {@link #sweep()}, as if it were {@code now}. */
  public int sweep(Instant now) {
    TaskStore store = services.tasks();
    int stopped = 0;
    for (Task t : store.inState(TaskState.WAITING_FOR_ANSWER)) {
      Instant asked = AskQuestions.lastAsked(store, t).map(AskQuestions.Asked::at).orElse(t.updatedAt());
      if (Duration.between(asked, now).compareTo(Duration.ofDays(1)) < 0) {
        continue; // no repository waits less than a day: spare GitHub the settings read
      }
      try {
        RepoGitHub github = services.github().forRepository(t.installationId(), t.repoFullName());
        int days = days(github);
        if (Duration.between(asked, now).compareTo(Duration.ofDays(days)) < 0) {
          continue;
        }
        Task current = store.find(t.id()).orElse(null);
        if (current == null || current.state() != TaskState.WAITING_FOR_ANSWER || current.leased(store.now())) {
          continue; // answered meanwhile: a planning run is queued or at work
        }
        String why = "no answer to the clarifying questions within " + days + (days == 1 ? " day" : " days");
        store.transition(t.id(), TaskState.STOPPED, why);
        AskQuestions.sayStopped(github, t, days);
        TaskPipeline.completeCheckRun(services, t, TaskState.STOPPED, why);
        stopped++;
      } catch (TaskStore.LostTask | TaskStore.IllegalTransition raced) {
        log.info("task {} moved on while its questions timed out: {}", t.id(), raced.getMessage());
      } catch (RuntimeException e) {
        log.warn("task {}: could not stop it for its unanswered questions: {}", t.id(), e.toString());
      }
    }
    return stopped;
  }

  private static int days(RepoGitHub github) {
    try {
      return RepoConfigFile.load(github).config().questionTimeoutDays();
    } catch (RuntimeException e) {
      return RepoConfig.defaults().questionTimeoutDays(); // a broken file must not keep a task waiting forever
    }
  }

  /** Sweeps now and then every {@code every}, on a daemon thread, until closed. */
  public StopUnansweredQuestions startEvery(Duration every) {
    timer = new PeriodicSweep("acs-unanswered-questions", "sweep for unanswered questions", every, this::sweep);
    return this;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.close();
    }
  }
}
