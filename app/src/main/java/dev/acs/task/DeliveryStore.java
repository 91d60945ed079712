package dev.acs.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code deliveries} table: one row per accepted webhook delivery, keyed by its
 * {@code X-GitHub-Delivery} id (unique, so a redelivery or a race between nodes cannot store it
 * twice), holding the exact payload and the processing state.
 *
 * <p>Processing is claimed with a conditional UPDATE, so a delivery's handlers run once even when
 * two jobs or two nodes try at the same moment; a claim older than the lease is taken over (the
 * node that held it is presumed dead).
 */
public final class DeliveryStore {
  /** Longest text kept from a failure; the rest is in the logs. */
  private static final int MAX_ERROR = 2000;

  private static final int IN_CHUNK = 500;

  private final DataSource dataSource;
  private final Database.Dialect dialect;

  public DeliveryStore(Database database) {
    this(database.dataSource(), database.dialect());
  }

  DeliveryStore(DataSource dataSource, Database.Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** Where a delivery is in its life. */
  public enum Status {
    /** Stored and acknowledged; its job is not (known to be) enqueued yet. */
    RECEIVED,
    /** Its job is enqueued. */
    QUEUED,
    /** A job holds the claim and is running the handlers. */
    PROCESSING,
    /** The handlers failed; JobRunr will run the job again. */
    RETRY,
    DONE,
    /** The handlers failed on the last allowed attempt. */
    FAILED
  }

  public record NewDelivery(
      String deliveryId,
      String event,
      String action,
      Long installationId,
      String repoFullName,
      Instant receivedAt,
      byte[] payload) {}

  public record StoredDelivery(
      String deliveryId,
      String event,
      String action,
      Long installationId,
      String repoFullName,
      Instant receivedAt,
      Status status,
      int attempts,
      int handlersDone,
      String lastError,
      byte[] payload) {}

  /**
   * Stores the deliveries in one transaction (one commit for the whole batch) and tells, for each
   * one in order, whether it was new. Repeats (within the batch or already stored, by this node or
   * another) are not stored again and come back false.
   */
  public boolean[] insertAll(List<NewDelivery> deliveries) throws SQLException {
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
      } finally {
        c.setAutoCommit(autoCommit);
      }
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
    ps.setObject(p++, utc(d.receivedAt()));
    ps.setBytes(p++, d.payload());
    return p;
  }

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

  /** RECEIVED → QUEUED for deliveries whose job is now enqueued (rows already further are left alone). */
  public void markQueued(Collection<String> deliveryIds) throws SQLException {
    List<String> ids = List.copyOf(deliveryIds);
    try (Connection c = dataSource.getConnection()) {
      for (int from = 0; from < ids.size(); from += IN_CHUNK) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
        String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deliveries SET status = 'QUEUED' WHERE status = 'RECEIVED' AND delivery_id IN (" + marks + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 1, chunk.get(i));
          }
          ps.executeUpdate();
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /**
   * Claims the delivery for processing. Succeeds (returns the claim token) when it is RECEIVED,
   * QUEUED or RETRY, or PROCESSING under a claim older than {@code lease}; the conditional UPDATE
   * lets exactly one concurrent caller win.
   */
  public Optional<String> claim(String deliveryId, Duration lease) throws SQLException {
    String token = UUID.randomUUID().toString();
    Instant now = Instant.now();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deliveries SET status = 'PROCESSING', claim_token = ?, claimed_at = ?, attempts = attempts + 1"
                    + " WHERE delivery_id = ? AND (status IN ('RECEIVED', 'QUEUED', 'RETRY')"
                    + " OR (status = 'PROCESSING' AND claimed_at < ?))")) {
      ps.setString(1, token);
      ps.setObject(2, utc(now));
      ps.setString(3, deliveryId);
      ps.setObject(4, utc(now.minus(lease)));
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n == 1 ? Optional.of(token) : Optional.empty();
    }
  }

  /** Records that the first {@code count} handlers of a claimed delivery succeeded. */
  public boolean handlersDone(String deliveryId, String token, int count) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE deliveries SET handlers_done = ? WHERE delivery_id = ? AND claim_token = ?")) {
      ps.setInt(1, count);
      ps.setString(2, deliveryId);
      ps.setString(3, token);
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n == 1;
    }
  }

  /** PROCESSING → DONE, if the claim is still ours. */
  public boolean complete(String deliveryId, String token) throws SQLException {
    return finish(deliveryId, token, Status.DONE, null);
  }

  /** PROCESSING → RETRY (or FAILED on the last attempt), keeping the reason. */
  public boolean fail(String deliveryId, String token, String error, boolean lastAttempt) throws SQLException {
    return finish(deliveryId, token, lastAttempt ? Status.FAILED : Status.RETRY, error);
  }

  private boolean finish(String deliveryId, String token, Status status, String error) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deliveries SET status = ?, processed_at = ?, last_error = ?, claim_token = NULL"
                    + " WHERE delivery_id = ? AND claim_token = ?")) {
      ps.setString(1, status.name());
      ps.setObject(2, utc(Instant.now()));
      ps.setString(3, error == null ? null : truncate(error));
      ps.setString(4, deliveryId);
      ps.setString(5, token);
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n == 1;
    }
  }

  public Optional<StoredDelivery> find(String deliveryId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT delivery_id, event, action, installation_id, repo_full_name, received_at, status, attempts,"
                    + " handlers_done, last_error, payload FROM deliveries WHERE delivery_id = ?")) {
      ps.setString(1, deliveryId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long installation = rs.getLong(4);
        return Optional.of(
            new StoredDelivery(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.wasNull() ? null : installation,
                rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(),
                Status.valueOf(rs.getString(7)),
                rs.getInt(8),
                rs.getInt(9),
                rs.getString(10),
                rs.getBytes(11)));
      }
    }
  }

  /**
   * Deliveries stored more than {@code olderThan} ago whose job was never enqueued (the node died
   * between commit and enqueue, or the enqueue failed), oldest first.
   */
  public List<String> stranded(Duration olderThan, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT delivery_id FROM deliveries WHERE status = 'RECEIVED' AND received_at < ? ORDER BY received_at")) {
      ps.setObject(1, utc(Instant.now().minus(olderThan)));
      ps.setMaxRows(limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  public Map<Status, Long> countByStatus() throws SQLException {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM deliveries GROUP BY status");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2));
      }
    }
    return counts;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
  }
}
