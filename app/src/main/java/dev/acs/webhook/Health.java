package dev.acs.webhook;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * What the health endpoints report. <b>Up</b> ({@code GET /healthz}, as before): the database
 * answers and this node processes jobs. <b>Ready</b> ({@code GET /readyz}, also {@code GET
 * /healthz?ready}): up, and configured to do work — a model ({@code ACS_MODEL}) and a GitHub App
 * identity ({@code GITHUB_APP_ID} with its key). A server without them still takes and stores
 * webhooks (so it is up) but turns no issue into a pull request (so it is not ready); the answer
 * says which part is missing.
 */
public final class Health {
  private final DataSource dataSource;
  private final BooleanSupplier jobsRunning;
  private final Configured configured;

  /**
   * What this server was started with.
   *
   * @param model a model is configured ({@code ACS_MODEL})
   * @param appIdentity the GitHub App's id and key are configured
   */
  public record Configured(boolean model, boolean appIdentity) {
    public static final Configured FULLY = new Configured(true, true);
  }

  public Health(DataSource dataSource, BooleanSupplier jobsRunning) {
    this(dataSource, jobsRunning, Configured.FULLY);
  }

  public Health(DataSource dataSource, BooleanSupplier jobsRunning, Configured configured) {
    this.dataSource = dataSource;
    this.jobsRunning = jobsRunning;
    this.configured = configured;
  }

  public record Report(boolean up, Map<String, Object> details) {}

  /** Up: the database answers and jobs are processed. The body also says {@code ready}. */
  public Report check() {
    Report parts = parts();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("status", parts.up() ? "up" : "down");
    report.put("ready", parts.up() && reasonsNotReady(parts).isEmpty());
    report.putAll(parts.details());
    return new Report(parts.up(), report);
  }

  /** Ready: up and configured; {@code not_ready} lists each reason when not. */
  public Report readiness() {
    Report parts = parts();
    List<String> reasons = reasonsNotReady(parts);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("status", reasons.isEmpty() ? "ready" : "not ready");
    if (!reasons.isEmpty()) {
      report.put("not_ready", reasons);
    }
    report.putAll(parts.details());
    report.put("model", Map.of("status", configured.model() ? "configured" : "missing"));
    report.put("app", Map.of("status", configured.appIdentity() ? "configured" : "missing"));
    return new Report(reasons.isEmpty(), report);
  }

  private List<String> reasonsNotReady(Report parts) {
    List<String> reasons = new ArrayList<>();
    if (!"up".equals(status(parts, "database"))) {
      reasons.add("the database is unreachable");
    }
    if (!"up".equals(status(parts, "jobs"))) {
      reasons.add("this node is not processing jobs");
    }
    if (!configured.model()) {
      reasons.add("no model is configured: set ACS_MODEL");
    }
    if (!configured.appIdentity()) {
      reasons.add("no GitHub App identity is configured: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE)");
    }
    return reasons;
  }

  private static Object status(Report parts, String part) {
    return parts.details().get(part) instanceof Map<?, ?> m ? m.get("status") : null;
  }

  private Report parts() {
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
    return new Report(db && jobs, details);
  }
}
