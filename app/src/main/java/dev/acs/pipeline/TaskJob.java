package dev.acs.pipeline;

import dev.acs.github.GitHubException;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.task.TransientFault;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame of every task job: take the task's lease (one run per task at a time, on any node),
 * keep it renewed while the step works, and decide what an exception means ({@link Faults}):
 *
 * <ul>
 *   <li>the run lost its task (stopped, merged, taken over) → the job ends quietly;
 *   <li>interrupted (the node is stopping) → the job is rescheduled, the task stays as it is;
 *   <li>transient → the ACS check run says what ACS waits for, the job is retried with backoff,
 *       up to {@link #MAX_WAITS} in a row;
 *   <li>permanent → the task ends FAILED, a comment names the cause, the check run is completed.
 * </ul>
 *
 * A job ends "rescheduled" by throwing {@link TransientFault}: the job queue retries what throws.
 */
final class TaskJob {
  private static final Logger log = LoggerFactory.getLogger(TaskJob.class);
  /** Transient faults in a row before the task ends FAILED (the queue's backoff makes this about an hour). */
  static final int MAX_WAITS = 8;

  /**
   * Says on GitHub why the task ends FAILED. Returns false when it is no failure after all (the
   * pull request was merged or closed meanwhile): the job then ends quietly.
   */
  @FunctionalInterface
  interface FailureNote {
    boolean say(RepoGitHub github, Task task, String cause);
  }

  private final TaskServices services;

  TaskJob(TaskServices services) {
    this.services = services;
  }

  /**
   * Runs {@code step} for the task holding its lease. Returns true when the step ran to its end
   * (whatever it decided), false when the job ended quietly (task gone, lost). Throws {@link
   * TransientFault} for the queue to retry, and {@link TaskRepairs.TaskBusy} when another run
   * holds the task: the queue tries again later, and by then the other run has finished (this job
   * then finds nothing left to do) or died (its lease expires and this job takes over).
   */
  boolean run(String taskId, Requester asked, boolean recheckPermission, FailureNote note, TaskPipeline.Step step) {
    TaskStore store = services.tasks();
    Task task = store.find(taskId).orElse(null);
    if (task == null) {
      return false;
    }
    String owner = store.newRunOwner();
    Task held = store.takeLease(taskId, owner).orElse(null);
    if (held == null) {
      log.info("task {} is held by another run; this job tries again later", taskId);
      throw new TaskRepairs.TaskBusy(taskId);
    }
    if (task.leaseOwner() != null && !TaskStore.QUEUED.equals(task.leaseOwner()) && task.leaseUntil() != null
        && !task.leaseUntil().isAfter(store.now())) {
      store.appendEvent(taskId, "lease", "took over the task from a run whose lease expired (" + task.state() + ")", null);
    }
    RepoGitHub github = services.github().forRepository(held.installationId(), held.repoFullName());
    if (held.state().ended()) {
      // Ended elsewhere (a stop, a merge) while its check run said "in progress": say how it ended.
      completeCheckRun(store, github, held, held.state(), held.lastFailure() != null ? held.lastFailure() : "the task is " + held.state());
    }
    TaskRun run = null;
    try (Heartbeat beat = Heartbeat.start(store, taskId, owner)) {
      Requester who = recheckPermission ? asked.withPermission(github.permissionOf(asked.login())) : asked;
      run = TaskRun.open(services, taskId, who, owner);
      step.run(run);
      store.resetWaits(taskId);
      return true;
    } catch (RuntimeException e) {
      try {
        handle(e, taskId, owner, github, note);
      } catch (TaskStore.StoreException databaseDown) {
        // The fault could not even be recorded: the database is away. The queue retries the job.
        e.addSuppressed(databaseDown);
        throw new TransientFault("the task database is unavailable: " + TaskPipeline.safeMessage(databaseDown), e, false);
      }
      return false;
    } finally {
      if (run != null) {
        saveSpendQuietly(run);
        closeProgressQuietly(run);
      }
      releaseQuietly(store, taskId, owner);
    }
  }

  private void handle(RuntimeException e, String taskId, String owner, RepoGitHub github, FailureNote note) {
    TaskStore store = services.tasks();
    boolean wasInterrupted = Thread.interrupted(); // the database and GitHub calls below must not trip over it
    try {
      Faults.Fault fault = Faults.classify(e);
      Task now = store.find(taskId).orElse(null);
      if (now == null) {
        return;
      }
      if (fault.kind() == Faults.Kind.LOST || now.state().ended() || !owner.equals(now.leaseOwner())) {
        // Stopped, merged, closed or taken over meanwhile: the step ran into that, nothing failed.
        log.info("task {} moved on without this run ({}): {}", taskId, now.state(), fault.cause());
        if (now.state() == TaskState.STOPPED) {
          store.appendEvent(taskId, "stop", "stopped while working: " + TaskReports.oneLine(fault.cause()), null);
        } else {
          store.appendEvent(taskId, "job", "ended quietly: the task is " + now.state() + " (" + TaskReports.oneLine(fault.cause()) + ")", null);
        }
        return;
      }
      switch (fault.kind()) {
        case INTERRUPTED -> {
          log.warn("task {} interrupted ({}); its job is rescheduled", taskId, fault.cause());
          store.appendEvent(taskId, "interrupted", "job interrupted; rescheduled: " + TaskReports.oneLine(fault.cause()), null);
          waiting(github, now, "Interrupted (ACS is restarting); the work resumes from its last recorded step");
          wasInterrupted = true;
          throw e instanceof TransientFault t ? t : new TransientFault("task " + taskId + " interrupted: " + fault.cause(), e, true);
        }
        case TRANSIENT -> {
          int waits = store.addWait(taskId);
          if (waits <= MAX_WAITS) {
            log.warn("task {}: {} (wait {} of {}); the job is retried with backoff", taskId, fault.cause(), waits, MAX_WAITS);
            store.appendEvent(taskId, "waiting", "transient fault " + waits + " of " + MAX_WAITS + ", retrying: " + TaskReports.oneLine(fault.cause()), null);
            waiting(github, now, "Waiting to retry (" + waits + " of " + MAX_WAITS + "): " + TaskReports.oneLine(fault.cause()));
            throw e instanceof TransientFault t ? t : new TransientFault(fault.cause(), e, false);
          }
          fail(github, now, owner, note, "still failing after " + MAX_WAITS + " retries: " + fault.cause(), e);
        }
        default -> fail(github, now, owner, note, fault.cause(), e);
      }
    } finally {
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void fail(RepoGitHub github, Task task, String owner, FailureNote note, String cause, RuntimeException e) {
    if (e instanceof dev.acs.agent.PlanningException || e instanceof dev.acs.agent.BudgetExceededException
        || e instanceof dev.acs.agent.ModelCallException || e instanceof dev.acs.config.RepoConfigException) {
      log.warn("task {} failed: {}", task.id(), cause); // the model's or the repository's doing, not ACS's
    } else {
      log.error("task {} failed", task.id(), e);
    }
    try {
      if (!note.say(github, task, cause)) {
        services.tasks().appendEvent(task.id(), "job", "ended quietly: the pull request is no longer open (" + TaskReports.oneLine(cause) + ")", null);
        return;
      }
    } catch (RuntimeException commentFailed) {
      log.warn("could not comment on task {}: {}", task.id(), commentFailed.toString());
    }
    services.tasks().appendEvent(task.id(), "error", e.getClass().getSimpleName() + ": " + cause, null);
    end(services.tasks(), github, task, owner, TaskState.FAILED, cause);
  }

  /**
   * Ends the task in {@code state} for the run {@code owner} and completes its ACS check run with
   * the reason, so that no ending leaves the check run in progress.
   */
  static Task end(TaskStore store, RepoGitHub github, Task task, String owner, TaskState state, String why) {
    Task now = store.set(task.id(), "last_failure", why);
    completeCheckRun(store, github, now, state, why);
    if (now.state() == state || !now.state().canMoveTo(state)) {
      return now;
    }
    try {
      return store.transition(now.id(), now.state(), state, why, owner);
    } catch (TaskStore.LostTask | TaskStore.IllegalTransition e) {
      log.warn("task {} could not move to {}: {}", now.id(), state, e.getMessage());
      return store.find(now.id()).orElse(now);
    }
  }

  /** Completes the task's ACS check run, unless it was completed already. */
  static void completeCheckRun(TaskStore store, RepoGitHub github, Task task, TaskState ending, String why) {
    Long id = task.checkRunId();
    if (id == null || store.step(task.id(), task.runs(), "check_run_done:" + id).isPresent()) {
      return;
    }
    String conclusion = switch (ending) {
      case BLOCKED_BY_POLICY -> "action_required";
      case STOPPED -> "cancelled";
      case DONE -> "neutral";
      default -> "failure";
    };
    String title = switch (ending) {
      case BLOCKED_BY_POLICY -> "Blocked by policy";
      case STOPPED -> "Stopped";
      case DONE -> "Done";
      default -> "Failed";
    };
    try {
      github.updateCheckRun(id, CheckRunUpdate.completed(conclusion, title, TaskReports.oneLine(why), null, java.util.List.of()));
      store.recordStep(task.id(), task.runs(), "check_run_done:" + id, conclusion);
    } catch (GitHubException e) {
      log.warn("could not complete check run {} of task {}: {}", id, task.id(), e.getMessage());
    }
  }

  /** Says on the ACS check run (while it is in progress) what ACS waits for. */
  private static void waiting(RepoGitHub github, Task task, String what) {
    if (task.checkRunId() == null) {
      return;
    }
    try {
      github.updateCheckRun(task.checkRunId(), CheckRunUpdate.inProgress(what, "ACS retries with backoff; the task is not failed."));
    } catch (RuntimeException e) {
      log.debug("could not update check run {}: {}", task.checkRunId(), e.toString());
    }
  }

  private static void saveSpendQuietly(TaskRun run) {
    try {
      run.saveSpend();
    } catch (RuntimeException e) {
      log.warn("spend of task {} not saved: {}", run.task().id(), e.toString());
    }
  }

  private static void closeProgressQuietly(TaskRun run) {
    boolean interrupted = Thread.interrupted(); // the last edit must not trip over a stopping node
    try {
      run.closeProgress();
    } catch (RuntimeException e) {
      log.warn("progress of task {} not written: {}", run.task().id(), e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void releaseQuietly(TaskStore store, String taskId, String owner) {
    boolean interrupted = Thread.interrupted();
    try {
      store.releaseLease(taskId, owner);
    } catch (RuntimeException e) {
      log.warn("lease of task {} not released (it expires): {}", taskId, e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Renews the lease while the run works; a run that stops renewing loses the task when it expires. */
  private static final class Heartbeat implements AutoCloseable {
    private final Thread thread;

    private Heartbeat(Thread thread) {
      this.thread = thread;
    }

    static Heartbeat start(TaskStore store, String taskId, String owner) {
      Duration every = store.leaseLength().dividedBy(3);
      Thread t = Thread.ofVirtual().name("lease-" + taskId).start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            Thread.sleep(every);
            if (!store.renewLease(taskId, owner)) {
              log.warn("task {}: this run no longer holds the lease", taskId);
              return;
            }
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            log.warn("task {}: lease not renewed: {}", taskId, e.toString());
          }
        }
      });
      return new Heartbeat(t);
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }
}
