package dev.acs.pipeline;

import dev.acs.metrics.TaskMetrics;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each task that reaches an ending ({@code acs_tasks_finished_total{outcome}}) and how long
 * it took ({@code acs_task_duration_seconds}): from its start — its creation, or the last fresh
 * start of an ended task — to the ending. Registered on the {@link TaskStore}, which sees every
 * move, whoever makes it (a run, a merge, {@code /acs stop}).
 */
public final class TaskEndings implements Consumer<Task> {
  private static final Logger log = LoggerFactory.getLogger(TaskEndings.class);

  private final TaskStore store;
  private final TaskMetrics metrics;

  private TaskEndings(TaskStore store, TaskMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Counts the endings of {@code store}'s tasks in {@code metrics}. */
  public static TaskStore countOn(TaskStore store, TaskMetrics metrics) {
    return store.whenEnded(new TaskEndings(store, metrics));
  }

  @Override
  public void accept(Task task) {
    try {
      Instant start = task.runs() == 0 ? task.createdAt() : lastFreshStart(store.events(task.id()), task.createdAt());
      Instant end = task.updatedAt() == null ? store.now() : task.updatedAt();
      metrics.taskFinished(task.state().name().toLowerCase(Locale.ROOT), Duration.between(start, end));
    } catch (RuntimeException e) {
      // A metric must never undo a stored ending.
      log.warn("ending of task {} not counted: {}", task.id(), e.toString());
    }
  }

  static Instant lastFreshStart(List<TaskEvent> events, Instant created) {
    Instant start = created;
    for (TaskEvent e : events) {
      if ("transition".equals(e.kind()) && e.summary() != null && e.summary().contains("→ NEW")) {
        start = e.at();
      }
    }
    return start;
  }
}
