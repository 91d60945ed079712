package dev.acs.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code task_steps} table: which side effects of a task's run are done, with their results
 * (a comment id, a pushed head). A step is recorded once per run, on any node (a unique key), so a
 * retried or resumed job skips what is recorded and repeats no side effect.
 */
final class TaskSteps {
  private final DataSource ds;
  private final Clock clock;

  TaskSteps(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  /** See {@link TaskStore#recordStep}. */
  boolean record(String taskId, int run, String step, String result) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO task_steps (task_id, run, step, result, at) VALUES (?,?,?,?,?)")) {
      ps.setString(1, taskId);
      ps.setInt(2, run);
      ps.setString(3, TaskStore.truncate(step, 120));
      ps.setString(4, result);
      ps.setTimestamp(5, Timestamp.from(clock.instant()));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (TaskStore.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw new TaskStore.StoreException("cannot record step " + step + " of task " + taskId, e);
    }
  }

  /** See {@link TaskStore#step}. */
  Optional<String> result(String taskId, int run, String step) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT result FROM task_steps WHERE task_id = ? AND run = ? AND step = ?")) {
      ps.setString(1, taskId);
      ps.setInt(2, run);
      ps.setString(3, TaskStore.truncate(step, 120));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(String.valueOf(rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot read step " + step + " of task " + taskId, e);
    }
  }

  /** See {@link TaskStore#steps}. */
  Map<String, String> withPrefix(String taskId, int run, String prefix) {
    String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT step, result FROM task_steps WHERE task_id = ? AND run = ? AND step LIKE ? ESCAPE '!' ORDER BY at, step")) {
      ps.setString(1, taskId);
      ps.setInt(2, run);
      ps.setString(3, like);
      Map<String, String> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), String.valueOf(rs.getString(2)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new TaskStore.StoreException("cannot read the steps " + prefix + "* of task " + taskId, e);
    }
  }
}
