package dev.acs.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Read-only queries for the web pages and the API: tasks page by page, newest first, filtered by
 * repository and state and limited to the repositories a viewer may read; events after a given
 * one (what a live page has not seen yet). The writes stay in {@link TaskStore}.
 */
public final class TaskListing {
  /** Most tasks on one page. */
  public static final int MAX_PAGE = 100;

  /** What the list shows: an empty repository or state means any. */
  public record Filter(Optional<String> repository, Optional<TaskState> state) {
    public static Filter any() {
      return new Filter(Optional.empty(), Optional.empty());
    }
  }

  /** One page of tasks, newest first, and how many match in all. */
  public record Page(List<Task> tasks, int total, int offset, int limit) {
    public boolean hasPrevious() {
      return offset > 0;
    }

    public boolean hasNext() {
      return offset + tasks.size() < total;
    }
  }

  private final DataSource ds;

  public TaskListing(DataSource ds) {
    this.ds = ds;
  }

  /** Every repository that has a task, sorted by name. */
  public List<String> repositories() {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT DISTINCT repo_full_name FROM tasks ORDER BY repo_full_name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot list the repositories of tasks", e);
    }
    return out;
  }

  /**
   * Tasks of the {@code readable} repositories that match the filter, newest first, from {@code
   * offset}, at most {@code limit} (1 to {@link #MAX_PAGE}). The filter on readable repositories
   * is in the query, so paging counts only what the viewer may see.
   */
  public Page page(Collection<String> readable, Filter filter, int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("offset must be >= 0 and limit 1.." + MAX_PAGE + ", got " + offset + " and " + limit);
    }
    List<String> repos = readable.stream()
        .filter(r -> filter.repository().map(r::equals).orElse(true))
        .sorted()
        .toList();
    if (repos.isEmpty()) {
      return new Page(List.of(), 0, offset, limit);
    }
    List<Object> args = new ArrayList<>(repos);
    StringBuilder where = new StringBuilder(" WHERE repo_full_name IN (").append("?,".repeat(repos.size()));
    where.setLength(where.length() - 1);
    where.append(')');
    filter.state().ifPresent(s -> {
      where.append(" AND state = ?");
      args.add(s.name());
    });
    int total = count("SELECT COUNT(*) FROM tasks" + where, args);
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(limit);
    pageArgs.add(offset);
    List<Task> tasks = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM tasks" + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
      bind(ps, pageArgs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tasks.add(TaskRows.read(rs));
        }
      }
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot list tasks", e);
    }
    return new Page(tasks, total, offset, limit);
  }

  /** The task's events with an id above {@code afterId}, oldest first. */
  public List<TaskEvent> eventsAfter(String taskId, long afterId) {
    List<TaskEvent> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM task_events WHERE task_id = ? AND id > ? ORDER BY id")) {
      ps.setString(1, taskId);
      ps.setLong(2, afterId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new TaskEvent(rs.getLong("id"), rs.getString("task_id"), rs.getTimestamp("at").toInstant(),
              rs.getString("kind"), rs.getString("summary"), rs.getString("detail")));
        }
      }
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot read events of task " + taskId, e);
    }
    return out;
  }

  /** For each of these tasks that has one, the summary of its latest event of this kind. */
  public Map<String, String> latestSummaries(Collection<String> taskIds, String kind) {
    Map<String, String> out = new HashMap<>();
    if (taskIds.isEmpty()) {
      return out;
    }
    List<Object> args = new ArrayList<>();
    args.add(kind);
    args.addAll(taskIds);
    String sql = "SELECT task_id, summary FROM task_events WHERE kind = ? AND task_id IN (" + "?,".repeat(taskIds.size());
    sql = sql.substring(0, sql.length() - 1) + ") ORDER BY id";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2)); // later rows win: the latest
        }
      }
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot read " + kind + " events", e);
    }
    return out;
  }

  private int count(String sql, List<Object> args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot count tasks", e);
    }
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }
}
