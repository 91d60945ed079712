package dev.acs.webhook;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.Json;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App's HTTP side: {@code POST /webhooks}, {@code GET /healthz} (200 when the database and
 * the job server are up, else 503), {@code GET /readyz} or {@code /healthz?ready} (200 when up and
 * a model and the App identity are configured, else 503 saying what is missing), {@code GET /metrics} (Prometheus text; with {@code
 * ACS_METRICS_TOKEN} set, only for {@code Authorization: Bearer <token>}, else 401).
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  static final String DEFAULT_BIND = "0.0.0.0";

  /**
   * Where to listen and who may read {@code /metrics}: {@code ACS_BIND} (an address of this
   * machine, default every interface), {@code ACS_PORT} (default 3000; 0 = any free port) and
   * {@code ACS_METRICS_TOKEN}.
   */
  public record Listen(String bind, int port, Optional<String> metricsToken) {
    @Override
    public String toString() {
      return "Listen[" + bind + ":" + port + (metricsToken.isPresent() ? ", metrics token set" : "") + "]";
    }

    public static Listen fromEnv(Env env) {
      String bind = env.get("ACS_BIND", DEFAULT_BIND);
      try {
        InetAddress address = InetAddress.getByName(bind);
        if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
          throw new ConfigException("ACS_BIND " + bind + " is not an address of this machine (" + address.getHostAddress()
              + "); use 0.0.0.0 for every interface, 127.0.0.1 for this machine only, or one of its addresses");
        }
      } catch (UnknownHostException | SocketException e) {
        throw new ConfigException("ACS_BIND must be an address of this machine such as 127.0.0.1 or 0.0.0.0, got '" + bind + "'");
      }
      int port = env.getInt("ACS_PORT", 3000);
      if (port < 0 || port > 65_535) {
        throw new ConfigException("ACS_PORT must be between 0 and 65535, got " + port);
      }
      return new Listen(bind, port, env.get("ACS_METRICS_TOKEN"));
    }
  }

  private final Javalin app;

  private WebhookServer(Javalin app) {
    this.app = app;
  }

  /** Starts on every interface; see {@link #start(Listen, WebhookRoute, Health, PrometheusMeterRegistry)}. */
  public static WebhookServer start(int port, WebhookRoute webhooks, Health health, PrometheusMeterRegistry metrics) {
    return start(new Listen(DEFAULT_BIND, port, Optional.empty()), webhooks, health, metrics);
  }

  /** Starts where {@code listen} says (port 0 = any free port) and returns once it accepts connections. */
  public static WebhookServer start(Listen listen, WebhookRoute webhooks, Health health, PrometheusMeterRegistry metrics) {
    return start(listen, webhooks, health, metrics, app -> {});
  }

  /** As above, with more routes on the same port (the web pages and API: {@code dev.acs.web}). */
  public static WebhookServer start(
      Listen listen, WebhookRoute webhooks, Health health, PrometheusMeterRegistry metrics, Consumer<Javalin> moreRoutes) {
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
          // ?ready asks for readiness on the old path, for probes that can only be given one URL.
          Health.Report report = ctx.queryParamMap().containsKey("ready") ? health.readiness() : health.check();
          ctx.status(report.up() ? 200 : 503).contentType("application/json").result(Json.MAPPER.writeValueAsString(report.details()));
        });
    app.get(
        "/readyz",
        ctx -> {
          Health.Report report = health.readiness();
          ctx.status(report.up() ? 200 : 503).contentType("application/json").result(Json.MAPPER.writeValueAsString(report.details()));
        });
    Optional<byte[]> expected = listen.metricsToken().map(t -> sha256("Bearer " + t));
    app.get("/metrics", ctx -> {
      // Hashes compared in constant time: neither the token's bytes nor its length show in the timing.
      if (expected.isPresent() && !MessageDigest.isEqual(expected.get(), sha256(Objects.requireNonNullElse(ctx.header("Authorization"), "")))) {
        ctx.status(401).header("WWW-Authenticate", "Bearer realm=\"acs-metrics\"").contentType("text/plain").result("unauthorized\n");
        return;
      }
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    });
    moreRoutes.accept(app);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
          ctx.status(500).contentType("application/json").result("{\"outcome\":\"error\"}");
        });
    app.start(listen.bind(), listen.port());
    log.info("HTTP on {}:{}; /metrics {}", listen.bind(), app.port(),
        listen.metricsToken().isPresent() ? "wants the ACS_METRICS_TOKEN bearer token" : "open to whoever reaches the port (ACS_METRICS_TOKEN unset)");
    return new WebhookServer(app);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
