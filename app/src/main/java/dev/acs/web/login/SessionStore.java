package dev.acs.web.login;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code web_sessions} table (migration V8): rows are found by the hash of the cookie's id only. */
final class SessionStore {
  /** One row, as stored: the token is still sealed. */
  record Row(String idHash, String login, String tokenSealed, Instant expiresAt) {}

  private final DataSource db;

  SessionStore(DataSource db) {
    this.db = db;
  }

  void insert(Row row, Instant now) {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO web_sessions (id_hash, login, token_sealed, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, row.idHash());
        ps.setString(2, row.login());
        ps.setString(3, row.tokenSealed());
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setTimestamp(5, Timestamp.from(row.expiresAt()));
        ps.executeUpdate();
      }
      // Logging in is rare next to page views: a good moment to drop the sessions that ran out.
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_sessions WHERE expires_at <= ?")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the session: " + e.getMessage(), e);
    }
  }

  /** The session, unless unknown or expired at {@code now}. */
  Optional<Row> find(String idHash, Instant now) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT login, token_sealed, expires_at FROM web_sessions WHERE id_hash = ? AND expires_at > ?")) {
      ps.setString(1, idHash);
      ps.setTimestamp(2, Timestamp.from(now));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Row(idHash, rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the session: " + e.getMessage(), e);
    }
  }

  void delete(String idHash) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM web_sessions WHERE id_hash = ?")) {
      ps.setString(1, idHash);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end the session: " + e.getMessage(), e);
    }
  }
}
