package dev.acs.task;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** A row of the {@code tasks} table read as a {@link Task}, and the parameters bound to the statements that read and write them. */
final class TaskRows {
  private TaskRows() {}

  /** Binds {@code args} in order; a null is bound as SQL NULL. */
  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, Types.NULL);
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }

  static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  static Task read(ResultSet rs) throws SQLException {
    return new Task(
        rs.getString("id"),
        rs.getString("repo_full_name"),
        rs.getInt("issue_number"),
        (Long) rs.getObject("installation_id", Long.class),
        TaskState.valueOf(rs.getString("state")),
        rs.getString("title"),
        rs.getString("branch"),
        rs.getString("base_branch"),
        rs.getObject("pr_number", Integer.class),
        rs.getString("head_sha"),
        rs.getInt("attempts"),
        rs.getLong("tokens"),
        rs.getBigDecimal("cost_usd"),
        rs.getString("plan_json"),
        rs.getObject("plan_comment_id", Long.class),
        rs.getObject("check_run_id", Long.class),
        rs.getString("last_failure"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("requested_by"),
        rs.getString("human_head_sha"),
        rs.getString("human_pushed_by"),
        rs.getString("lease_owner"),
        rs.getTimestamp("lease_until") == null ? null : rs.getTimestamp("lease_until").toInstant(),
        rs.getInt("runs"),
        rs.getInt("waits"));
  }
}
