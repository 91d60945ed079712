package dev.acs.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The dashboard issue of each repository (table {@code dashboard_issues}): its number and what was last written. */
public final class DashboardIssues {
  private final DataSource ds;

  /** One repository's dashboard issue; {@code bodySha256} null until ACS wrote it. */
  public record Row(String repo, int number, String bodySha256) {}

  public DashboardIssues(DataSource ds) {
    this.ds = ds;
  }

  public Optional<Row> find(String repo) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT issue_number, body_sha256 FROM dashboard_issues WHERE repo_full_name = ?")) {
      ps.setString(1, repo);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Row(repo, rs.getInt(1), rs.getString(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the dashboard issue of " + repo, e);
    }
  }

  /** Records the issue and the digest of the body just written. */
  public void save(String repo, int number, String bodySha256, Instant at) {
    try (Connection c = ds.getConnection()) {
      if (update(c, repo, number, bodySha256, at)) {
        return;
      }
      try (PreparedStatement in = c.prepareStatement(
          "INSERT INTO dashboard_issues (repo_full_name, issue_number, body_sha256, written_at) VALUES (?,?,?,?)")) {
        in.setString(1, repo);
        in.setInt(2, number);
        in.setString(3, bodySha256);
        in.setTimestamp(4, Timestamp.from(at));
        in.executeUpdate();
      } catch (SQLException raced) {
        // Another node (or thread) recorded it first: the row exists now.
        if (!update(c, repo, number, bodySha256, at)) {
          throw raced;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record the dashboard issue of " + repo + ": " + e.getMessage(), e);
    }
  }

  private static boolean update(Connection c, String repo, int number, String bodySha256, Instant at) throws SQLException {
    try (PreparedStatement up = c.prepareStatement(
        "UPDATE dashboard_issues SET issue_number = ?, body_sha256 = ?, written_at = ? WHERE repo_full_name = ?")) {
      up.setInt(1, number);
      up.setString(2, bodySha256);
      up.setTimestamp(3, Timestamp.from(at));
      up.setString(4, repo);
      return up.executeUpdate() == 1;
    }
  }
}
