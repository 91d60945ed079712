package dev.acs.webhook;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** What {@code GET /healthz} reports: the database answers, and this node processes jobs. */
public final class Health {
  private final DataSource dataSource;
  private final BooleanSupplier jobsRunning;

  public Health(DataSource dataSource, BooleanSupplier jobsRunning) {
    this.dataSource = dataSource;
    this.jobsRunning = jobsRunning;
  }

  public record Report(boolean up, Map<String, Object> details) {}

  public Report check() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean db;
    try (Connection c = dataSource.getConnection()) {
      db = c.isValid(2);
      details.put("database", Map.of("status", db ? "up" : "down", "product", c.getMetaData().getDatabaseProductName()));
    } catch (Exception e) {
      db = false;
      // The exception class only: messages can carry connection details.
      details.put("database", Map.of("status", "down", "error", e.getClass().getSimpleName()));
    }
    boolean jobs = jobsRunning.getAsBoolean();
    details.put("jobs", Map.of("status", jobs ? "up" : "down"));
    boolean up = db && jobs;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("status", up ? "up" : "down");
    report.putAll(details);
    return new Report(up, report);
  }
}
