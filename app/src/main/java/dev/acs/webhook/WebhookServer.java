package dev.acs.webhook;

import dev.acs.config.Json;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App's HTTP side: {@code POST /webhooks}, {@code GET /healthz} (200 when the database and
 * the job server are up, else 503), {@code GET /metrics} (Prometheus text).
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);

  private final Javalin app;

  private WebhookServer(Javalin app) {
    this.app = app;
  }

  /** Starts on the port (0 = any free port) and returns once it accepts connections. */
  public static WebhookServer start(int port, WebhookRoute webhooks, Health health, PrometheusMeterRegistry metrics) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              // Requests mostly wait for the group commit; parking a virtual thread is cheaper
              // than switching OS threads. (Job workers are platform threads, see Jobs.)
              config.useVirtualThreads = true;
              config.http.maxRequestSize = WebhookRoute.MAX_BODY_BYTES;
              // Every answer is a few bytes of JSON (or /metrics, read on loopback by a scraper):
              // wrapping each response for compression costs more than it could save.
              config.http.disableCompression();
            });
    app.post("/webhooks", webhooks::handle);
    app.get(
        "/healthz",
        ctx -> {
          Health.Report report = health.check();
          ctx.status(report.up() ? 200 : 503).contentType("application/json").result(Json.MAPPER.writeValueAsString(report.details()));
        });
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
          ctx.status(500).contentType("application/json").result("{\"outcome\":\"error\"}");
        });
    app.start(port);
    return new WebhookServer(app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
