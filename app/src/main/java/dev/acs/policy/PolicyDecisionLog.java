package dev.acs.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit trail of policy decisions (table {@code policy_decisions}, migration V3), on H2 or
 * PostgreSQL. Rows are only ever added. The input is kept as its SHA-256 digest, not in full: it
 * names people and paths, and the digest is enough to tell whether two decisions saw the same
 * input (the task's own records hold the details).
 */
public final class PolicyDecisionLog {

  /** One recorded decision; {@code id} is 0 until stored. */
  public record Entry(
      long id,
      Instant decidedAt,
      String taskId,
      String repository,
      String action,
      String engine,
      boolean allowed,
      String inputSha256,
      String resultJson,
      long latencyMs) {}

  private final DataSource dataSource;

  public PolicyDecisionLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores the entry and returns its id. */
  public long record(Entry e) {
    String sql =
        "INSERT INTO policy_decisions (decided_at, task_id, repo_full_name, action, engine, allowed, input_sha256, result_json, latency_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      ps.setObject(1, OffsetDateTime.ofInstant(e.decidedAt(), ZoneOffset.UTC));
      ps.setString(2, e.taskId());
      ps.setString(3, truncate(e.repository(), 200));
      ps.setString(4, truncate(e.action(), 32));
      ps.setString(5, truncate(e.engine(), 100));
      ps.setBoolean(6, e.allowed());
      ps.setString(7, e.inputSha256());
      ps.setString(8, e.resultJson());
      ps.setLong(9, e.latencyMs());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : 0;
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("cannot record the policy decision: " + ex.getMessage(), ex);
    }
  }

  /** The decisions about one task, oldest first. */
  public List<Entry> forTask(String taskId) {
    return query("SELECT * FROM policy_decisions WHERE task_id = ? ORDER BY id", taskId, Integer.MAX_VALUE);
  }

  /** The latest decisions, newest first. */
  public List<Entry> recent(int limit) {
    return query("SELECT * FROM policy_decisions ORDER BY id DESC", null, limit);
  }

  private List<Entry> query(String sql, String param, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (param != null) {
        ps.setString(1, param);
      }
      ps.setMaxRows(limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Entry(
                  rs.getLong("id"),
                  rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
                  rs.getString("task_id"),
                  rs.getString("repo_full_name"),
                  rs.getString("action"),
                  rs.getString("engine"),
                  rs.getBoolean("allowed"),
                  rs.getString("input_sha256").trim(),
                  rs.getString("result_json"),
                  rs.getLong("latency_ms")));
        }
      }
      return out;
    } catch (SQLException ex) {
      throw new IllegalStateException("cannot read policy decisions: " + ex.getMessage(), ex);
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
