package dev.acs.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The installations of the GitHub App and the repositories each may act on, kept from
 * {@code installation} and {@code installation_repositories} events. Writes are upserts, so the
 * same event applied twice leaves the same rows.
 */
public final class InstallationStore {
  private final DataSource dataSource;

  public InstallationStore(Database database) {
    this.dataSource = database.dataSource();
  }

  /** An installation: the account it is on, and whether it is suspended (then ACS must not act). */
  public record InstallationRow(
      long id,
      String accountLogin,
      String accountType,
      String repositorySelection,
      Long appId,
      Instant suspendedAt,
      String suspendedBy) {
    public boolean isSuspended() {
      return suspendedAt != null;
    }
  }

  public record RepositoryRow(long id, String fullName, boolean isPrivate) {}

  /** Creates or updates the installation (its creation time is kept) and adds the repositories. */
  public void save(InstallationRow installation, Collection<RepositoryRow> repositories) throws SQLException {
    inTransaction(
        c -> {
          upsertInstallation(c, installation);
          for (RepositoryRow r : repositories) {
            upsertRepository(c, installation.id(), r);
          }
        });
  }

  /** Updates the installation row (creating it if an earlier event was missed) and changes its repositories. */
  public void changeRepositories(InstallationRow installation, Collection<RepositoryRow> added, Collection<RepositoryRow> removed)
      throws SQLException {
    inTransaction(
        c -> {
          upsertInstallation(c, installation);
          for (RepositoryRow r : added) {
            upsertRepository(c, installation.id(), r);
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM installation_repositories WHERE installation_id = ? AND repository_id = ?")) {
            for (RepositoryRow r : removed) {
              ps.setLong(1, installation.id());
              ps.setLong(2, r.id());
              ps.addBatch();
            }
            if (!removed.isEmpty()) {
              ps.executeBatch();
            }
          }
        });
  }

  /** Removes the installation and (by cascade) its repositories; false if it was not known. */
  public boolean delete(long installationId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM installations WHERE installation_id = ?")) {
      ps.setLong(1, installationId);
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n == 1;
    }
  }

  public Optional<InstallationRow> find(long installationId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT installation_id, account_login, account_type, repository_selection, app_id, suspended_at, suspended_by"
                    + " FROM installations WHERE installation_id = ?")) {
      ps.setLong(1, installationId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long appId = rs.getLong(5);
        Long app = rs.wasNull() ? null : appId;
        OffsetDateTime suspended = rs.getObject(6, OffsetDateTime.class);
        return Optional.of(
            new InstallationRow(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                app,
                suspended == null ? null : suspended.toInstant(),
                rs.getString(7)));
      }
    }
  }

  public List<RepositoryRow> repositories(long installationId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT repository_id, full_name, is_private FROM installation_repositories"
                    + " WHERE installation_id = ? ORDER BY full_name")) {
      ps.setLong(1, installationId);
      List<RepositoryRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new RepositoryRow(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
        }
      }
      return rows;
    }
  }

  /** The installation through which ACS may act on a repository, if any. */
  public Optional<Long> installationOf(String repoFullName) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT installation_id FROM installation_repositories WHERE full_name = ?")) {
      ps.setString(1, repoFullName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void upsertInstallation(Connection c, InstallationRow i) throws SQLException {
    if (updateInstallation(c, i)) {
      return;
    }
    OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
    insertOrUpdate(
        c,
        () -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO installations (account_login, account_type, repository_selection, app_id, suspended_at,"
                      + " suspended_by, created_at, updated_at, installation_id) VALUES (?,?,?,?,?,?,?,?,?)")) {
            int p = bindInstallation(insert, 1, i);
            insert.setObject(p++, now);
            insert.setObject(p++, now);
            insert.setLong(p, i.id());
            insert.executeUpdate();
          }
        },
        () -> updateInstallation(c, i));
  }

  private static boolean updateInstallation(Connection c, InstallationRow i) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE installations SET account_login = ?, account_type = ?, repository_selection = ?, app_id = ?,"
                + " suspended_at = ?, suspended_by = ?, updated_at = ? WHERE installation_id = ?")) {
      int p = bindInstallation(update, 1, i);
      update.setObject(p++, Instant.now().atOffset(ZoneOffset.UTC));
      update.setLong(p, i.id());
      return update.executeUpdate() == 1;
    }
  }

  private static int bindInstallation(PreparedStatement ps, int p, InstallationRow i) throws SQLException {
    ps.setString(p++, i.accountLogin());
    ps.setString(p++, i.accountType());
    ps.setString(p++, i.repositorySelection());
    if (i.appId() == null) {
      ps.setNull(p++, Types.BIGINT);
    } else {
      ps.setLong(p++, i.appId());
    }
    ps.setObject(p++, i.suspendedAt() == null ? null : i.suspendedAt().atOffset(ZoneOffset.UTC));
    ps.setString(p++, i.suspendedBy());
    return p;
  }

  private static void upsertRepository(Connection c, long installationId, RepositoryRow r) throws SQLException {
    if (updateRepository(c, installationId, r)) {
      return;
    }
    insertOrUpdate(
        c,
        () -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO installation_repositories (installation_id, repository_id, full_name, is_private, added_at)"
                      + " VALUES (?,?,?,?,?)")) {
            insert.setLong(1, installationId);
            insert.setLong(2, r.id());
            insert.setString(3, r.fullName());
            insert.setBoolean(4, r.isPrivate());
            insert.setObject(5, Instant.now().atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
          }
        },
        () -> updateRepository(c, installationId, r));
  }

  private static boolean updateRepository(Connection c, long installationId, RepositoryRow r) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE installation_repositories SET full_name = ?, is_private = ?"
                + " WHERE installation_id = ? AND repository_id = ?")) {
      update.setString(1, r.fullName());
      update.setBoolean(2, r.isPrivate());
      update.setLong(3, installationId);
      update.setLong(4, r.id());
      return update.executeUpdate() == 1;
    }
  }

  private interface Insert {
    void run() throws SQLException;
  }

  private interface Update {
    boolean run() throws SQLException;
  }

  /**
   * Runs the INSERT; if another transaction inserted the same key meanwhile (two deliveries of one
   * installation processed at once), undoes just the INSERT and updates that row instead. The
   * savepoint keeps the transaction usable on PostgreSQL, which aborts it on an error.
   */
  private static void insertOrUpdate(Connection c, Insert insert, Update update) throws SQLException {
    Savepoint before = c.setSavepoint();
    try {
      insert.run();
      c.releaseSavepoint(before);
    } catch (SQLException e) {
      if (!DeliveryInserts.isDuplicate(e)) {
        throw e;
      }
      c.rollback(before);
      if (!update.run()) {
        throw new SQLException("row inserted and removed again by another transaction; will retry", e);
      }
    }
  }

  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(Work work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }
}
