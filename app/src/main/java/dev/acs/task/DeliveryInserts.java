package dev.acs.task;

import dev.acs.task.DeliveryStore.NewDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * How {@link DeliveryStore#insertAll} stores a batch of new deliveries once each, in one commit:
 * on PostgreSQL one multi-row INSERT that skips ids already stored, on H2 a batch that falls back
 * to one row at a time when an id exists, synced to the disk before the webhook's 202 goes out.
 */
final class DeliveryInserts {
  private final DataSource dataSource;
  private final Database.Dialect dialect;
  private final boolean syncInserts;

  DeliveryInserts(DataSource dataSource, Database.Dialect dialect, boolean syncInserts) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.syncInserts = syncInserts;
  }

  boolean[] insertAll(List<NewDelivery> deliveries) throws SQLException {
    boolean[] inserted = new boolean[deliveries.size()];
    // Later copies of an id within the batch are duplicates of the first.
    Set<String> seen = new HashSet<>();
    List<Integer> firsts = new ArrayList<>();
    for (int i = 0; i < deliveries.size(); i++) {
      if (seen.add(deliveries.get(i).deliveryId())) {
        firsts.add(i);
      }
    }
    if (firsts.isEmpty()) {
      return inserted;
    }
    if (dialect == Database.Dialect.POSTGRESQL) {
      insertSkippingConflicts(deliveries, firsts, inserted);
    } else {
      insertOrFallBack(deliveries, firsts, inserted);
    }
    return inserted;
  }

  private static final String COLUMNS =
      "(delivery_id, event, action, installation_id, repo_full_name, received_at, status, payload)";

  /** PostgreSQL: one multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING the ids it stored. */
  private void insertSkippingConflicts(List<NewDelivery> all, List<Integer> firsts, boolean[] inserted)
      throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO deliveries ").append(COLUMNS).append(" VALUES ");
    for (int i = 0; i < firsts.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,'RECEIVED',?)");
    }
    sql.append(" ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id");
    Set<String> stored = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (int i : firsts) {
        p = bindRow(ps, p, all.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    for (int i : firsts) {
      inserted[i] = stored.contains(all.get(i).deliveryId());
    }
  }

  /**
   * H2: a batch of INSERTs in one transaction. If any id exists already the batch is rolled back
   * and the rows are inserted one by one, each duplicate (SQLState 23505) counted as such.
   */
  private void insertOrFallBack(List<NewDelivery> all, List<Integer> firsts, boolean[] inserted) throws SQLException {
    String sql = "INSERT INTO deliveries " + COLUMNS + " VALUES (?,?,?,?,?,?,'RECEIVED',?)";
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i : firsts) {
          bindRow(ps, 1, all.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
        syncToDisk(c);
        for (int i : firsts) {
          inserted[i] = true;
        }
        return;
      } catch (SQLException e) {
        c.rollback();
        if (!isDuplicate(e)) {
          throw e;
        }
      } finally {
        c.setAutoCommit(autoCommit);
      }
      c.setAutoCommit(true);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i : firsts) {
          bindRow(ps, 1, all.get(i));
          try {
            ps.executeUpdate();
            inserted[i] = true;
          } catch (SQLException e) {
            if (!isDuplicate(e)) {
              throw e;
            }
          }
        }
        syncToDisk(c);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private volatile boolean syncRefused;

  /**
   * H2: the commit is written to the file at once (the URL says {@code WRITE_DELAY=0}, see {@link
   * Database}), which a killed process cannot lose; {@code CHECKPOINT SYNC} also has the operating
   * system put it on the disk, so that a power cut cannot either, before the 202 goes out. One per
   * group commit. A database user without admin rights may not; the write then stays unsynced.
   */
  private void syncToDisk(Connection c) throws SQLException {
    if (!syncInserts || syncRefused) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    } catch (SQLException e) {
      if (!"90040".equals(e.getSQLState())) { // ADMIN_RIGHTS_REQUIRED
        throw e;
      }
      syncRefused = true;
      LoggerFactory.getLogger(DeliveryInserts.class)
          .warn("the H2 user may not CHECKPOINT SYNC: deliveries survive a killed process but not a power cut");
    }
  }

  private static int bindRow(PreparedStatement ps, int p, NewDelivery d) throws SQLException {
    ps.setString(p++, d.deliveryId());
    ps.setString(p++, d.event());
    ps.setString(p++, d.action());
    if (d.installationId() == null) {
      ps.setNull(p++, Types.BIGINT);
    } else {
      ps.setLong(p++, d.installationId());
    }
    ps.setString(p++, d.repoFullName());
    ps.setObject(p++, DeliveryStore.utc(d.receivedAt()));
    ps.setBytes(p++, d.payload());
    return p;
  }

  /** True when {@code e} (or one chained to it) is a unique-key violation. */
  static boolean isDuplicate(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if ("23505".equals(x.getSQLState())) {
        return true;
      }
      if (x.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
