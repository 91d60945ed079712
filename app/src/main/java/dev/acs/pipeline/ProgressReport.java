package dev.acs.pipeline;

import dev.acs.agent.Plan;
import dev.acs.agent.Spend;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan comment as a live progress report: the steps the coder reported done ticked, what ACS
 * does now, the time since the task started and the spend so far; a final line when the task ends.
 *
 * <p>The comment is the one posted with the plan, edited in place by its recorded id ({@code
 * plan_comment_id}), so a resumed or taken-over task edits the same comment. What it shows comes
 * from the task's records (state, stored plan, the steps {@code plan_step_done:N} and {@code
 * followed:SOURCE}), so any run renders the same truth; only the current activity lives in the run.
 *
 * <p>Edits are coalesced: a change is written at once when the last edit is at least {@link #MIN_GAP}
 * old, else once when that gap has passed, with whatever is true then; milestones (plan posted,
 * pull request opened, the end) are written at once. An edit that would not change the text is not
 * sent (the elapsed time is shown in whole minutes for that reason). Progress never stops the work:
 * a failed edit is logged.
 */
final class ProgressReport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProgressReport.class);
  static final Duration MIN_GAP = Duration.ofSeconds(5);
  static final String STEP_DONE = "plan_step_done:";
  static final String FOLLOWED = "followed:";
  static final String STARTED = "progress_started";
  static final String APPROVAL_ASKED = "plan_approval_asked";

  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "acs-progress");
    t.setDaemon(true);
    return t;
  });

  /** Runs a coalesced edit later; a test gives its own to run it when it chooses. */
  @FunctionalInterface
  interface Later {
    /** Runs {@code edit} after {@code delay}; the returned handle cancels it. */
    Runnable schedule(Runnable edit, Duration delay);

    Later BACKGROUND = (edit, delay) -> {
      ScheduledFuture<?> f = LATER.schedule(edit, delay.toMillis(), TimeUnit.MILLISECONDS);
      return () -> f.cancel(false);
    };
  }

  private final TaskStore store;
  private final RepoGitHub github;
  private final Later later;
  private final String taskId;
  private final Supplier<Spend> liveSpend;
  private final Clock clock;
  private final Duration gap;
  private final ReentrantLock writing = new ReentrantLock();

  // Guarded by this.
  private final TaskLinks links;
  private String activity;
  private boolean dirty;
  private Runnable pending;
  private Instant lastWrite;
  private String lastBody;
  private int writes;

  ProgressReport(TaskStore store, RepoGitHub github, String taskId, Supplier<Spend> liveSpend, Clock clock, Duration gap, Later later) {
    this(store, github, taskId, liveSpend, clock, gap, later, TaskLinks.NONE);
  }

  ProgressReport(TaskStore store, RepoGitHub github, String taskId, Supplier<Spend> liveSpend, Clock clock, Duration gap, Later later,
      TaskLinks links) {
    this.links = links;
    this.store = store;
    this.later = later;
    this.github = github;
    this.taskId = taskId;
    this.liveSpend = liveSpend;
    this.clock = clock;
    this.gap = gap;
  }

  /** The report of one run of the task, with the run's live spend. */
  static ProgressReport of(TaskRun run) {
    return new ProgressReport(run.store(), run.github, run.task().id(), run.ledger::spend, Clock.systemUTC(), MIN_GAP, Later.BACKGROUND,
        run.services.links());
  }

  /**
   * Writes the final line for a task that ended outside a run ({@code /acs stop}, a merge, a
   * close); nothing when the plan was never posted.
   */
  static void ended(TaskStore store, RepoGitHub github, Task task, TaskLinks links) {
    new ProgressReport(store, github, task.id(), null, Clock.systemUTC(), MIN_GAP, Later.BACKGROUND, links).milestone();
  }

  /** What ACS does now, in a few words ("running the tests"); null: nothing in particular. */
  void activity(String what) {
    synchronized (this) {
      if (java.util.Objects.equals(what, activity)) {
        return;
      }
      activity = what;
    }
    changed();
  }

  /** The coder reported plan step {@code number} (1-based) done. */
  void stepDone(int number) {
    if (number > 0 && recordQuietly(STEP_DONE + number, "")) {
      changed();
    }
  }

  /** A source of the repository's instructions was given to the model. */
  void following(String source) {
    if (recordQuietly(FOLLOWED + source, "")) {
      changed();
    }
  }

  /** The plan was posted: the time from here is the task's elapsed time. */
  void started() {
    recordQuietly(STARTED, clock.instant().toString());
  }

  /** The comment as it should read now, for the first post of the plan (the task has its plan stored). */
  String render() {
    String doing;
    synchronized (this) {
      doing = activity;
    }
    Task task = store.find(taskId).orElseThrow();
    return links.appendTo(TaskReports.progressComment(view(task, doing)), task);
  }

  /** The comment was posted with {@code body}: the next change is an edit, coalesced from now. */
  void posted(String body) {
    synchronized (this) {
      cancelPending();
      dirty = false;
      lastBody = body;
      lastWrite = clock.instant();
      writes++;
    }
  }

  /** Writes now (plan posted, pull request opened, the end), replacing a pending edit. */
  void milestone() {
    synchronized (this) {
      dirty = true;
      cancelPending();
    }
    flush();
  }

  /** The run ends: its activity with it. The last state is written (if it changed). */
  @Override
  public void close() {
    synchronized (this) {
      activity = null;
      dirty = true;
      cancelPending();
    }
    flush();
  }

  /** The plan steps the coder reported done in this start of the task. */
  Set<Integer> doneSteps() {
    Task task = store.find(taskId).orElseThrow();
    return doneSteps(task);
  }

  private Set<Integer> doneSteps(Task task) {
    Set<Integer> done = new TreeSet<>();
    for (String step : store.steps(taskId, task.runs(), STEP_DONE).keySet()) {
      try {
        done.add(Integer.parseInt(step.substring(STEP_DONE.length())));
      } catch (NumberFormatException e) {
        // not a step number: not ours to show
      }
    }
    return done;
  }

  /** Edits sent so far by this report. */
  synchronized int writes() {
    return writes;
  }

  private void changed() {
    synchronized (this) {
      dirty = true;
      if (pending != null) {
        return; // the pending edit will show this too
      }
      Duration wait = lastWrite == null ? Duration.ZERO : Duration.between(clock.instant(), lastWrite.plus(gap));
      pending = later.schedule(this::flushWhenDue, wait.isNegative() ? Duration.ZERO : wait);
    }
  }

  /** The coalesced edit: written now if the gap since the last edit has passed, else later again. */
  private void flushWhenDue() {
    synchronized (this) {
      Duration wait = lastWrite == null ? Duration.ZERO : Duration.between(clock.instant(), lastWrite.plus(gap));
      if (wait.isPositive()) {
        pending = later.schedule(this::flushWhenDue, wait);
        return;
      }
    }
    flush();
  }

  private void cancelPending() {
    if (pending != null) {
      pending.run();
      pending = null;
    }
  }

  /** One edit with what is true now, unless nothing changed since the last one. */
  private void flush() {
    writing.lock();
    try {
      String doing;
      synchronized (this) {
        pending = null;
        if (!dirty) {
          return;
        }
        dirty = false;
        doing = activity;
      }
      Task task = store.find(taskId).orElse(null);
      if (task == null || task.planCommentId() == null) {
        return; // no plan comment yet: nothing to edit
      }
      String body = links.appendTo(TaskReports.progressComment(view(task, doing)), task);
      synchronized (this) {
        if (body.equals(lastBody)) {
          return;
        }
      }
      long id = github.editComment(task.issueNumber(), task.planCommentId(), "plan", body);
      if (id != task.planCommentId()) {
        store.set(taskId, "plan_comment_id", id); // a person deleted it: the new one is the task's now
      }
      synchronized (this) {
        lastBody = body;
        lastWrite = clock.instant();
        writes++;
      }
    } catch (RuntimeException e) {
      log.warn("task {}: the progress on the plan comment was not updated: {}", taskId, e.toString());
    } finally {
      writing.unlock();
    }
  }

  private TaskReports.Progress view(Task task, String doing) {
    Plan plan = TaskPipeline.storedPlan(task).orElse(null);
    Set<Integer> done = doneSteps(task);
    List<String> following = new ArrayList<>();
    store.steps(taskId, task.runs(), FOLLOWED).keySet().forEach(s -> following.add(s.substring(FOLLOWED.length())));
    Instant started = startedAt(task);
    TaskEvent end = task.state().ended() ? lastTransition(task.state()) : null;
    Duration elapsed = Duration.between(started, end != null ? end.at() : clock.instant());
    long tokens = task.tokens();
    BigDecimal cost = task.costUsd();
    if (liveSpend != null) {
      Spend s = liveSpend.get();
      tokens = Math.max(tokens, s.totalTokens());
      cost = cost.max(s.costUsd());
    }
    boolean prOpened = task.prNumber() != null;
    String note = prOpened ? "✅ Implemented in #" + task.prNumber() + "." : null;
    if (!prOpened && task.state() == TaskState.PLANNED && store.step(taskId, task.runs(), APPROVAL_ASKED).isPresent()) {
      note = "⏸️ The policy asks a person to approve this plan first: comment `/acs approve` to go on.";
    }
    String ending = task.state().ended() ? endingLine(task, reason(end, task.state())) : null;
    String now = ending != null ? null : doing != null ? doing : waitingFor(task);
    return new TaskReports.Progress(plan, done, following, note, now, elapsed, tokens, cost, ending, prOpened);
  }

  /** When the task started this time: the recorded plan post, else the task's creation. */
  private Instant startedAt(Task task) {
    try {
      return store.step(taskId, task.runs(), STARTED).map(Instant::parse).orElse(task.createdAt());
    } catch (java.time.format.DateTimeParseException e) {
      return task.createdAt();
    }
  }

  /** What a task with no run at work waits for. */
  static String waitingFor(Task task) {
    if (task.state() == TaskState.WAITING_FOR_ANSWER) {
      return "waiting for an answer to the questions above";
    }
    return switch (task.state()) {
      case PR_OPEN -> task.prNumber() == null ? "waiting" : "waiting for CI and reviews on #" + task.prNumber();
      case PLANNED -> "waiting for `/acs implement` or `/acs approve`";
      case NEW -> "queued";
      default -> "working";
    };
  }

  /** The final line: how the task ended and why (the reason recorded with its last transition). */
  private static String endingLine(Task task, String why) {
    return switch (task.state()) {
      case DONE -> "🏁 **Done:** " + (task.prNumber() != null ? "pull request #" + task.prNumber() + " was merged" : "finished")
          + (why.isEmpty() ? "" : " (" + why + ")");
      case FAILED -> "❌ **Failed:** " + (why.isEmpty() ? "see the comment above" : why);
      case STOPPED -> "⏹️ **Stopped:** " + (why.isEmpty() ? "ACS is no longer working on this issue" : why);
      case BLOCKED_BY_POLICY -> "⛔ **Blocked by policy:** " + (why.isEmpty() ? "see the policy comment" : why);
      default -> "**Ended:** " + task.state();
    };
  }

  /** The audit trail's last move into {@code state} (its time ends the elapsed time), or null. */
  private TaskEvent lastTransition(TaskState state) {
    List<TaskEvent> events = store.events(taskId);
    for (int i = events.size() - 1; i >= 0; i--) {
      TaskEvent e = events.get(i);
      if ("transition".equals(e.kind()) && e.summary() != null && e.summary().contains("→ " + state.name())) {
        return e;
      }
    }
    return null;
  }

  private static String reason(TaskEvent transition, TaskState state) {
    String marker = "→ " + state.name() + ": ";
    if (transition == null || !transition.summary().contains(marker)) {
      return "";
    }
    String why = transition.summary().substring(transition.summary().indexOf(marker) + marker.length());
    return TaskReports.oneLine(why).replace("`", "'").replace("<", "&lt;").replace(">", "&gt;").replaceAll("@(?=\\w)", "@\u200b");
  }

  private boolean recordQuietly(String step, String result) {
    try {
      Task task = store.find(taskId).orElse(null);
      return task != null && store.recordStep(taskId, task.runs(), step, result);
    } catch (RuntimeException e) {
      log.warn("task {}: progress step {} not recorded: {}", taskId, step, e.toString());
      return false;
    }
  }
}
