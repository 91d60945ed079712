package dev.acs.task;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tasks and their audit trail in the task database. Uniqueness lives in the database, not in
 * this process: one task per (repository, issue) and one repair per (pull request, head SHA) hold
 * across nodes. State changes are compare-and-set, so two nodes cannot both move a task.
 */
public final class TaskStore {
  static final String UNIQUE_VIOLATION = "23505";
  private static final Set<String> UPDATABLE =
      Set.of(
          "title", "branch", "base_branch", "pr_number", "head_sha", "attempts", "plan_json",
          "plan_comment_id", "check_run_id", "last_failure", "installation_id", "requested_by",
          "human_head_sha", "human_pushed_by");

  /** Marks a run that a trigger queued and no job has started yet (see {@link #queueRun}). */
  public static final String QUEUED = "queued";
  /** How long a task's lease lasts unless renewed ({@code ACS_TASK_LEASE_SECONDS}). */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(300);

  private final DataSource ds;
  private final Clock clock;
  private final Duration lease;
  private final RunOwners owners;
  private final TaskSteps steps;
  /** Told of every task that reaches an ending from a running state (metrics); set once at wiring. */
  private volatile java.util.function.Consumer<Task> endings = t -> {};
  /** Told of every stored move of a task (the dashboard issue); set once at wiring. */
  private volatile java.util.function.Consumer<Task> moves = t -> {};

  /** A store whose runs hold leases as runs of {@code owners}' node and process ({@link RunOwners}). */
  public TaskStore(DataSource ds, Clock clock, Duration lease, RunOwners owners) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("a task lease must be positive, got " + lease);
    }
    this.ds = ds;
    this.clock = clock;
    this.lease = lease;
    this.owners = owners;
    this.steps = new TaskSteps(ds, clock);
  }

  public TaskStore(DataSource ds, Clock clock, Duration lease) {
    this(ds, clock, lease, RunOwners.ephemeral());
  }

  public TaskStore(DataSource ds, Clock clock) {
    this(ds, clock, DEFAULT_LEASE);
  }

  public TaskStore(DataSource ds) {
    this(ds, Clock.systemUTC());
  }

  /**
   * Tells {@code listener} of each task that moves from a running state to an ending, once the
   * move is stored. The listener runs on the mover's thread and must not throw.
   */
  public TaskStore whenEnded(java.util.function.Consumer<Task> listener) {
    this.endings = listener;
    return this;
  }

  /**
   * Tells {@code listener} of each stored move of a task (transitions and fresh starts). The
   * listener runs on the mover's thread and must not throw.
   */
  public TaskStore whenMoved(java.util.function.Consumer<Task> listener) {
    this.moves = listener;
    return this;
  }

  /**
   * The repository's tasks, most recently changed first, at most {@code limit}: the dashboard
   * issue's list.
   */
  public List<Task> ofRepository(String repo, int limit) {
    return query("SELECT * FROM tasks WHERE repo_full_name = ? ORDER BY updated_at DESC, created_at DESC LIMIT " + Math.max(1, limit), repo);
  }

  /** A lease owner name for a new run of this process (see {@link RunOwners}). */
  public String newRunOwner() {
    return owners.next();
  }

  /** How long a lease lasts unless renewed. */
  public Duration leaseLength() {
    return lease;
  }

  public Instant now() {
    return clock.instant();
  }

  /** The task for this issue, created in state NEW when there is none; safe under races. */
  public Task findOrCreate(String repo, int issue, Long installationId, String title) {
    Optional<Task> existing = findByIssue(repo, issue);
    if (existing.isPresent()) {
      return existing.get();
    }
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tasks (id, repo_full_name, issue_number, installation_id, state, title, created_at, updated_at)"
                    + " VALUES (?,?,?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, repo);
      ps.setInt(3, issue);
      TaskRows.setLong(ps, 4, installationId);
      ps.setString(5, TaskState.NEW.name());
      ps.setString(6, truncate(title, 1000));
      ps.setTimestamp(7, Timestamp.from(now));
      ps.setTimestamp(8, Timestamp.from(now));
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new StoreException("cannot create task for " + repo + "#" + issue, e);
      }
      // Another request or node created it first: theirs is the task.
    }
    Task task = findByIssue(repo, issue).orElseThrow();
    if (task.id().equals(id)) {
      appendEvent(id, "transition", "created in NEW", null);
    }
    return task;
  }

  public Optional<Task> find(String id) {
    return queryOne("SELECT * FROM tasks WHERE id = ?", id);
  }

  public Optional<Task> findByIssue(String repo, int issue) {
    return queryOne("SELECT * FROM tasks WHERE repo_full_name = ? AND issue_number = ?", repo, issue);
  }

  public Optional<Task> findByPullRequest(String repo, int pr) {
    return queryOne("SELECT * FROM tasks WHERE repo_full_name = ? AND pr_number = ?", repo, pr);
  }

  public Optional<Task> findByBranch(String repo, String branch) {
    return queryOne("SELECT * FROM tasks WHERE repo_full_name = ? AND branch = ?", repo, branch);
  }

  /** Tasks in one state, oldest change first (the sweep for unanswered questions reads these). */
  public List<Task> inState(TaskState state) {
    return query("SELECT * FROM tasks WHERE state = ? ORDER BY updated_at", state.name());
  }

  public List<Task> all() {
    return query("SELECT * FROM tasks ORDER BY created_at");
  }

  /**
   * Moves the task from its current state to {@code next}, if that is a legal step and nobody
   * moved it in between. Returns the updated task; throws {@link IllegalTransition} otherwise.
   */
  public Task transition(String id, TaskState next, String why) {
    Task current = find(id).orElseThrow(() -> new StoreException("no task " + id, null));
    if (!current.state().canMoveTo(next)) {
      throw new IllegalTransition(current.state(), next);
    }
    int updated =
        update(
            "UPDATE tasks SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
            next.name(), Timestamp.from(clock.instant()), id, current.state().name());
    if (updated != 1) {
      throw new IllegalTransition(current.state(), next);
    }
    appendEvent(id, "transition", current.state() + " → " + next + (why == null ? "" : ": " + why), null);
    return ended(current.state(), find(id).orElseThrow());
  }

  /**
   * Moves the task from {@code from} to {@code next} for the run holding the lease: compare-and-set
   * on the state this run last saw and on the lease, so a run that lost the task (someone stopped
   * it, another node took it over) cannot move it. Throws {@link LostTask} when it lost.
   */
  public Task transition(String id, TaskState from, TaskState next, String why, String owner) {
    if (!from.canMoveTo(next)) {
      throw new IllegalTransition(from, next);
    }
    int updated =
        update(
            "UPDATE tasks SET state = ?, updated_at = ? WHERE id = ? AND state = ? AND lease_owner = ?",
            next.name(), Timestamp.from(clock.instant()), id, from.name(), owner);
    if (updated != 1) {
      Task now = find(id).orElseThrow(() -> new StoreException("no task " + id, null));
      throw new LostTask(id, "task is " + now.state() + (owner.equals(now.leaseOwner()) ? "" : ", held by another run") + "; wanted " + from + " → " + next);
    }
    appendEvent(id, "transition", from + " → " + next + (why == null ? "" : ": " + why), null);
    return ended(from, find(id).orElseThrow());
  }

  private Task ended(TaskState from, Task now) {
    if (!from.ended() && now.state().ended()) {
      endings.accept(now);
    }
    moves.accept(now);
    return now;
  }

  /**
   * A trigger queues a run: true, and the task is marked {@link #QUEUED}, when no run holds the
   * task (or its lease expired); false when the task is busy. One of many racing triggers wins.
   */
  public boolean queueRun(String id) {
    Instant now = clock.instant();
    return update(
            "UPDATE tasks SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_owner IS NULL OR lease_until < ?)",
            QUEUED, Timestamp.from(now.plus(lease)), id, Timestamp.from(now))
        == 1;
  }

  /**
   * A job takes the task for its run: when no run holds it, a trigger queued it, the lease expired
   * (the node that held it died: this run takes over), or {@code owner} holds it already. Returns
   * the task as taken, or empty when another run holds it.
   */
  public Optional<Task> takeLease(String id, String owner) {
    Instant now = clock.instant();
    int updated =
        update(
            "UPDATE tasks SET lease_owner = ?, lease_until = ? WHERE id = ?"
                + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_owner = ? OR lease_until < ?)",
            owner, Timestamp.from(now.plus(lease)), id, QUEUED, owner, Timestamp.from(now));
    return updated == 1 ? find(id) : Optional.empty();
  }

  /** Extends the lease of the run that holds it; false when it no longer does. */
  public boolean renewLease(String id, String owner) {
    return update(
            "UPDATE tasks SET lease_until = ? WHERE id = ? AND lease_owner = ?",
            Timestamp.from(clock.instant().plus(lease)), id, owner)
        == 1;
  }

  /** Lets the task go (if {@code owner} holds it), so the next job need not wait for the lease. */
  public void releaseLease(String id, String owner) {
    update("UPDATE tasks SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?", id, owner);
  }

  /**
   * Starts an ended task again from scratch: state NEW, a new run number (so a new branch from the
   * current default branch and no recorded steps), and no attempts, head, pull request, check run
   * or plan carried over. The task is marked {@link #QUEUED} for the trigger's run. Compare-and-set
   * on the ended state: of racing triggers one wins; the others get {@link LostTask}.
   */
  public Task restart(String id, TaskState from, String why) {
    if (!from.ended()) {
      throw new IllegalTransition(from, TaskState.NEW);
    }
    Instant now = clock.instant();
    int updated =
        update(
            "UPDATE tasks SET state = ?, runs = runs + 1, attempts = 0, waits = 0, branch = NULL, base_branch = NULL, pr_number = NULL,"
                + " head_sha = NULL, check_run_id = NULL, plan_json = NULL, plan_comment_id = NULL, last_failure = NULL,"
                + " human_head_sha = NULL, human_pushed_by = NULL, lease_owner = ?, lease_until = ?, updated_at = ?"
                + " WHERE id = ? AND state = ? AND (lease_owner IS NULL OR lease_until < ?)",
            TaskState.NEW.name(), QUEUED, Timestamp.from(now.plus(lease)), Timestamp.from(now), id, from.name(), Timestamp.from(now));
    if (updated != 1) {
      throw new LostTask(id, "another trigger restarted the task first");
    }
    appendEvent(id, "transition", from + " → NEW (a fresh start)" + (why == null ? "" : ": " + why), null);
    Task started = find(id).orElseThrow();
    moves.accept(started);
    return started;
  }

  /**
   * Tasks that no run is advancing: IMPLEMENTING or REPAIRING, no live lease, and untouched for
   * {@code quietFor}. Their jobs are gone (retries used up) or their node died without a retry.
   */
  public List<Task> unattended(Duration quietFor) {
    Instant now = clock.instant();
    return query(
        "SELECT * FROM tasks WHERE state IN (?, ?) AND (lease_until IS NULL OR lease_until < ?) AND updated_at < ? ORDER BY updated_at",
        TaskState.IMPLEMENTING.name(), TaskState.REPAIRING.name(), Timestamp.from(now), Timestamp.from(now.minus(quietFor)));
  }

  /** Counts one more transient fault in a row; returns the count. */
  public int addWait(String id) {
    update("UPDATE tasks SET waits = waits + 1 WHERE id = ?", id);
    return find(id).map(Task::waits).orElse(0);
  }

  /** The task moved on: transient faults start counting again. */
  public void resetWaits(String id) {
    update("UPDATE tasks SET waits = 0 WHERE id = ? AND waits <> 0", id);
  }

  /**
   * Records that a step of the task's run {@code run} was done, with its result (an id, a SHA).
   * False when it was recorded already: the caller must not repeat its side effect.
   */
  public boolean recordStep(String taskId, int run, String step, String result) {
    return steps.record(taskId, run, step, result);
  }

  /** The recorded result of a step of the task's run, if it was done. */
  public Optional<String> step(String taskId, int run, String step) {
    return steps.result(taskId, run, step);
  }

  /**
   * The recorded steps of the task's run whose names start with {@code prefix}, name → result, in
   * the order they were recorded (e.g. the plan steps ticked, {@code plan_step_done:2}).
   */
  public java.util.Map<String, String> steps(String taskId, int run, String prefix) {
    return steps.withPrefix(taskId, run, prefix);
  }

  /** Sets one column of the task (from a fixed list of columns). */
  public Task set(String id, String column, Object value) {
    if (!UPDATABLE.contains(column)) {
      throw new IllegalArgumentException("not an updatable task column: " + column);
    }
    update("UPDATE tasks SET " + column + " = ?, updated_at = ? WHERE id = ?", value, Timestamp.from(clock.instant()), id);
    return find(id).orElseThrow();
  }

  /** Adds model spend; totals only grow. */
  public Task addSpend(String id, long tokens, BigDecimal costUsd) {
    update(
        "UPDATE tasks SET tokens = tokens + ?, cost_usd = cost_usd + ?, updated_at = ? WHERE id = ?",
        tokens, costUsd, Timestamp.from(clock.instant()), id);
    return find(id).orElseThrow();
  }

  public Task incrementAttempts(String id) {
    update("UPDATE tasks SET attempts = attempts + 1, updated_at = ? WHERE id = ?", Timestamp.from(clock.instant()), id);
    return find(id).orElseThrow();
  }

  /**
   * Claims the one repair of this pull request at this head SHA for a reason (e.g. "checks",
   * "review:123"). True for the first caller only, on any node.
   */
  public boolean claimRepair(String repo, int pr, String headSha, String taskId, String reason) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO repairs (repo_full_name, pr_number, head_sha, task_id, reason, created_at) VALUES (?,?,?,?,?,?)")) {
      ps.setString(1, repo);
      ps.setInt(2, pr);
      ps.setString(3, headSha);
      ps.setString(4, taskId);
      ps.setString(5, truncate(reason, 32));
      ps.setTimestamp(6, Timestamp.from(clock.instant()));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw new StoreException("cannot record repair of " + repo + "#" + pr, e);
    }
  }

  public void appendEvent(String taskId, String kind, String summary, String detail) {
    update(
        "INSERT INTO task_events (task_id, at, kind, summary, detail) VALUES (?,?,?,?,?)",
        taskId, Timestamp.from(clock.instant()), kind, truncate(summary, 2000), detail);
  }

  public List<TaskEvent> events(String taskId) {
    List<TaskEvent> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM task_events WHERE task_id = ? ORDER BY id")) {
      ps.setString(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TaskEvent(
                  rs.getLong("id"), rs.getString("task_id"), rs.getTimestamp("at").toInstant(),
                  rs.getString("kind"), rs.getString("summary"), rs.getString("detail")));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read events of task " + taskId, e);
    }
    return out;
  }

  private Optional<Task> queryOne(String sql, Object... args) {
    List<Task> found = query(sql, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<Task> query(String sql, Object... args) {
    List<Task> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      TaskRows.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(TaskRows.read(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("task query failed", e);
    }
    return out;
  }

  int update(String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      TaskRows.bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("task update failed", e);
    }
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** A database problem; the task itself is left as it was. */
  public static final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * A run lost its task: another run holds it, or the state changed under it (stopped, merged,
   * restarted). Not a failure: the job ends quietly and leaves the task to whoever has it.
   */
  public static final class LostTask extends RuntimeException {
    public LostTask(String id, String why) {
      super("task " + id + ": " + why);
    }
  }

  /** A state change that is not allowed from the current state, or lost a race. */
  public static final class IllegalTransition extends RuntimeException {
    public IllegalTransition(TaskState from, TaskState to) {
      super("task cannot move from " + from + " to " + to);
    }
  }
}
