package dev.acs.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code deliveries} table: one row per accepted webhook delivery, keyed by its
 * {@code X-GitHub-Delivery} id (unique, so a redelivery or a race between nodes cannot store it
 * twice), holding the exact payload and the processing state.
 *
 * <p>The table is also the queue: workers claim batches of rows ({@link #claimNext}), so a
 * delivery's handlers run once even when several workers or nodes claim at the same moment. Each
 * claimed row carries its own lease ({@code claimed_at}), which the node renews ({@link #renew})
 * for as long as it has the row in hand; a claim whose lease ran out is taken over by any node
 * (its holder is presumed dead), and a restarted node takes its own earlier claims back at once
 * ({@link #takeBackOwnClaims}), since it knows it no longer processes them.
 */
public final class DeliveryStore {
  /** Longest text kept from a failure; the rest is in the logs. */
  private static final int MAX_ERROR = 2000;

  private final DataSource dataSource;
  private final Database.Dialect dialect;
  private final String node;
  private final DeliveryInserts inserts;

  /** A store whose claims belong to this process only (nothing is ever taken back under its id). */
  public DeliveryStore(Database database) {
    this(database, NodeIdentity.ephemeral().id());
  }

  /** A store that claims under the node's id (see {@link NodeIdentity}). */
  public DeliveryStore(Database database, String node) {
    this.dataSource = database.dataSource();
    this.dialect = database.dialect();
    this.node = node;
    this.inserts = new DeliveryInserts(dataSource, dialect, database.h2File());
  }

  /** Where a delivery is in its life. */
  public enum Status {
    /** Stored and acknowledged; waiting for a worker. */
    RECEIVED,
    /** A worker holds the claim and is running the handlers. */
    PROCESSING,
    /** The handlers failed; a worker tries again at {@code next_attempt_at}. */
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
    return inserts.insertAll(deliveries);
  }

  /** A batch of deliveries claimed together under one token. */
  public record Claim(String token, List<StoredDelivery> deliveries) {
    public List<String> ids() {
      return deliveries.stream().map(StoredDelivery::deliveryId).toList();
    }
  }

  /** Rows that may be claimed: new, a retry that is due, or a claim older than the lease. */
  private static final String CLAIMABLE =
      "(status = 'RECEIVED' OR (status = 'RETRY' AND next_attempt_at <= ?) OR (status = 'PROCESSING' AND claimed_at < ?))";

  private static final String SELECT_COLUMNS =
      "SELECT delivery_id, event, action, installation_id, repo_full_name, received_at, status, attempts,"
          + " handlers_done, last_error, payload FROM deliveries";

  /**
   * Claims up to {@code limit} deliveries for processing: retries that are due and claims older
   * than {@code lease} (their node is presumed dead) first, then new deliveries, oldest first.
   * Each claimed row is PROCESSING under the returned token with its attempt counted.
   *
   * <p>Exactly once: on PostgreSQL the candidates are locked with {@code FOR UPDATE SKIP LOCKED},
   * so nodes claiming at the same moment take different rows without waiting on each other; on H2
   * (one node) claims are serialised in this process. Either way the UPDATE re-checks that each
   * row is still claimable, so a row is never claimed twice.
   */
  public Claim claimNext(Duration lease, int limit) throws SQLException {
    if (dialect == Database.Dialect.POSTGRESQL) {
      return claimInTransaction(lease, limit);
    }
    synchronized (this) {
      return claimInTransaction(lease, limit);
    }
  }

  private Claim claimInTransaction(Duration lease, int limit) throws SQLException {
    String token = UUID.randomUUID().toString();
    Instant now = Instant.now();
    Instant staleBefore = now.minus(lease);
    String lock = dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        List<String> ids = new ArrayList<>(limit);
        // Few rows are ever RETRY or PROCESSING: with the status IN, both databases read only
        // those from the (status, received_at) index instead of scanning the table.
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT delivery_id FROM deliveries WHERE status IN ('RETRY', 'PROCESSING')"
                    + " AND ((status = 'RETRY' AND next_attempt_at <= ?) OR (status = 'PROCESSING' AND claimed_at < ?))"
                    + " LIMIT ?" + lock)) {
          ps.setObject(1, utc(now));
          ps.setObject(2, utc(staleBefore));
          ps.setInt(3, limit);
          readIds(ps, ids);
        }
        // "ORDER BY status, received_at" lets H2 read the index in order instead of sorting
        // every waiting row.
        if (ids.size() < limit) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT delivery_id FROM deliveries WHERE status = 'RECEIVED' ORDER BY status, received_at LIMIT ?" + lock)) {
            ps.setInt(1, limit - ids.size());
            readIds(ps, ids);
          }
        }
        if (ids.isEmpty()) {
          c.commit();
          return new Claim(token, List.of());
        }
        String marks = marks(ids.size());
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deliveries SET status = 'PROCESSING', claim_token = ?, claimed_by = ?, claimed_at = ?,"
                    + " attempts = attempts + 1, next_attempt_at = NULL WHERE delivery_id IN (" + marks + ") AND " + CLAIMABLE)) {
          int p = 1;
          ps.setString(p++, token);
          ps.setString(p++, node);
          ps.setObject(p++, utc(now));
          for (String id : ids) {
            ps.setString(p++, id);
          }
          ps.setObject(p++, utc(now));
          ps.setObject(p, utc(staleBefore));
          ps.executeUpdate();
        }
        List<StoredDelivery> claimed = new ArrayList<>(ids.size());
        try (PreparedStatement ps =
            c.prepareStatement(SELECT_COLUMNS + " WHERE delivery_id IN (" + marks + ") AND claim_token = ? ORDER BY received_at")) {
          int p = 1;
          for (String id : ids) {
            ps.setString(p++, id);
          }
          ps.setString(p, token);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              claimed.add(read(rs));
            }
          }
        }
        c.commit();
        return new Claim(token, List.copyOf(claimed));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static void readIds(PreparedStatement ps, List<String> into) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.add(rs.getString(1));
      }
    }
  }

  private static String marks(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  /**
   * Extends the lease of every delivery still claimed under these tokens (the node has them in
   * hand: being handled or waiting in its batch); returns how many rows it renewed.
   */
  public int renew(Collection<String> tokens) throws SQLException {
    if (tokens.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE deliveries SET claimed_at = ? WHERE status = 'PROCESSING' AND claim_token IN (" + marks(tokens.size()) + ")")) {
      int p = 1;
      ps.setObject(p++, utc(Instant.now()));
      for (String t : tokens) {
        ps.setString(p++, t);
      }
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n;
    }
  }

  /**
   * At start: the deliveries this node had claimed when it stopped without giving them back (it
   * was killed) are RECEIVED again, for any worker to take now rather than after the lease. The
   * attempt stays counted, so a delivery that kills the node every time still runs out of attempts.
   */
  public int takeBackOwnClaims() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deliveries SET status = 'RECEIVED', claim_token = NULL, claimed_at = NULL, claimed_by = NULL,"
                    + " last_error = ? WHERE status = 'PROCESSING' AND claimed_by = ?")) {
      ps.setString(1, "the node processing it stopped without finishing; taken back when it restarted");
      ps.setString(2, node);
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n;
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

  /** PROCESSING → DONE for these deliveries, where the claim is still ours; returns how many. */
  public int completeAll(String token, Collection<String> deliveryIds) throws SQLException {
    return update(
        "UPDATE deliveries SET status = 'DONE', processed_at = ?, last_error = NULL, claim_token = NULL, claimed_by = NULL"
            + " WHERE claim_token = ? AND delivery_id IN (",
        token,
        deliveryIds,
        utc(Instant.now()));
  }

  /**
   * Gives claimed deliveries back unprocessed (the node is stopping): RECEIVED again, the attempt
   * not counted, so any node takes them at once instead of after the lease.
   */
  public int release(String token, Collection<String> deliveryIds) throws SQLException {
    return update(
        "UPDATE deliveries SET status = 'RECEIVED', attempts = attempts - 1, claim_token = NULL, claimed_at = NULL, claimed_by = NULL"
            + " WHERE claim_token = ? AND delivery_id IN (",
        token,
        deliveryIds,
        null);
  }

  /** {@code sqlHead} ends in "IN (": the ids' marks are added; {@code first} (if any) is the first parameter. */
  private int update(String sqlHead, String token, Collection<String> deliveryIds, Object first) throws SQLException {
    if (deliveryIds.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sqlHead + marks(deliveryIds.size()) + ")")) {
      int p = 1;
      if (first != null) {
        ps.setObject(p++, first);
      }
      ps.setString(p++, token);
      for (String id : deliveryIds) {
        ps.setString(p++, id);
      }
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n;
    }
  }

  /**
   * PROCESSING → RETRY at {@code retryAt}, or FAILED when {@code retryAt} is null (the last
   * attempt), keeping the reason; only while the claim is ours.
   */
  public boolean fail(String deliveryId, String token, String error, Instant retryAt) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deliveries SET status = ?, processed_at = ?, next_attempt_at = ?, last_error = ?, claim_token = NULL, claimed_by = NULL"
                    + " WHERE delivery_id = ? AND claim_token = ?")) {
      ps.setString(1, retryAt == null ? Status.FAILED.name() : Status.RETRY.name());
      ps.setObject(2, utc(Instant.now()));
      ps.setObject(3, retryAt == null ? null : utc(retryAt));
      ps.setString(4, truncate(error));
      ps.setString(5, deliveryId);
      ps.setString(6, token);
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n == 1;
    }
  }

  public Optional<StoredDelivery> find(String deliveryId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_COLUMNS + " WHERE delivery_id = ?")) {
      ps.setString(1, deliveryId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static StoredDelivery read(ResultSet rs) throws SQLException {
    long installation = rs.getLong(4);
    return new StoredDelivery(
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
        rs.getBytes(11));
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

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
  }
}
