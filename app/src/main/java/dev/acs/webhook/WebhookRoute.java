package dev.acs.webhook;

import dev.acs.config.Json;
import dev.acs.task.DeliveryStore.NewDelivery;
import dev.acs.webhook.DeliveryMetrics.Outcome;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.WebhookEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /webhooks}. In this order: size (413), signature (401, before anything is parsed
 * or stored), headers and body (400), then events nobody handles are answered 202 and ignored
 * (their body is only checked to be JSON), redeliveries 200, and new deliveries are stored
 * (committed) and answered 202; their handlers run later on a delivery worker.
 */
public final class WebhookRoute {
  private static final Logger log = LoggerFactory.getLogger(WebhookRoute.class);

  /** GitHub caps payloads at 25 MB. */
  public static final int MAX_BODY_BYTES = 25 * 1024 * 1024;

  private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,64}");

  private final SignatureCheck signature;
  private final EventParser parser;
  private final EventHandlers handlers;
  private final DeliveryRecorder recorder;
  private final DeliveryMetrics metrics;
  private final Duration storeTimeout;
  private final IntakeLoad load;

  public WebhookRoute(
      SignatureCheck signature,
      EventParser parser,
      EventHandlers handlers,
      DeliveryRecorder recorder,
      DeliveryMetrics metrics,
      Duration storeTimeout,
      IntakeLoad load) {
    this.signature = signature;
    this.parser = parser;
    this.handlers = handlers;
    this.recorder = recorder;
    this.metrics = metrics;
    this.storeTimeout = storeTimeout;
    this.load = load;
  }

  public void handle(Context ctx) {
    long start = System.nanoTime();
    String event = ctx.header("X-GitHub-Event");
    String deliveryId = ctx.header("X-GitHub-Delivery");
    // Unverified header values reach the logs only if they look like what GitHub sends.
    MDC.put("delivery_id", deliveryId != null && DELIVERY_ID.matcher(deliveryId).matches() ? deliveryId : "invalid");
    MDC.put("event", event != null && EVENT_NAME.matcher(event).matches() ? event : "invalid");
    try {
      receive(ctx, event, deliveryId, start);
    } finally {
      MDC.remove("delivery_id");
      MDC.remove("event");
      MDC.remove("action");
    }
  }

  private void receive(Context ctx, String event, String deliveryId, long start) {
    byte[] body;
    try {
      body = readBody(ctx);
    } catch (IOException e) {
      reply(ctx, 400, "malformed", "could not read the body");
      metrics.count(event, false, Outcome.MALFORMED, start);
      return;
    }
    if (body == null) {
      log.warn("rejected: body over {} bytes", MAX_BODY_BYTES);
      reply(ctx, 413, "malformed", "body over " + MAX_BODY_BYTES + " bytes");
      metrics.count(event, false, Outcome.MALFORMED, start);
      return;
    }
    if (!signature.verify(body, ctx.header("X-Hub-Signature-256"))) {
      log.warn("rejected: missing or wrong X-Hub-Signature-256");
      reply(ctx, 401, "bad_signature", "missing or wrong X-Hub-Signature-256");
      metrics.count(event, false, Outcome.BAD_SIGNATURE, start);
      return;
    }
    // Only now does the request count as intake load: anyone can open sockets and never finish
    // their bodies, and those must not hold the processing of real deliveries back.
    load.begin();
    try {
      receiveSigned(ctx, event, deliveryId, body, start);
    } finally {
      load.end();
    }
  }

  private void receiveSigned(Context ctx, String event, String deliveryId, byte[] body, long start) {
    if (deliveryId == null || !DELIVERY_ID.matcher(deliveryId).matches()) {
      malformed(ctx, event, start, "missing or invalid X-GitHub-Delivery");
      return;
    }
    if (event == null || !EVENT_NAME.matcher(event).matches()) {
      malformed(ctx, event, start, "missing or invalid X-GitHub-Event");
      return;
    }
    switch (parser.parse(event, body, handlers::wants)) {
      case EventParser.Malformed m -> malformed(ctx, event, start, m.reason());
      case EventParser.Untyped u -> ignored(ctx, event, start);
      case EventParser.Typed t -> {
        WebhookEvent e = t.event();
        if (e.action() != null) {
          MDC.put("action", e.action());
        }
        if (!handlers.wants(e.getClass(), e.action())) {
          ignored(ctx, event, start);
        } else {
          store(ctx, event, deliveryId, e, body, start);
        }
      }
    }
  }

  private void store(Context ctx, String event, String deliveryId, WebhookEvent e, byte[] body, long start) {
    NewDelivery delivery =
        new NewDelivery(
            deliveryId,
            EventTypes.nameOf(e.getClass()),
            e.action(),
            e.installationId(),
            e.repository() == null ? null : e.repository().fullName(),
            Instant.now(),
            body);
    DeliveryRecorder.Result result;
    try {
      result = recorder.record(delivery).get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      unavailable(ctx, "interrupted");
      return;
    } catch (ExecutionException | TimeoutException ex) {
      unavailable(ctx, ex instanceof TimeoutException ? "timed out" : String.valueOf(ex.getCause()));
      return;
    }
    if (result == DeliveryRecorder.Result.DUPLICATE) {
      log.info("redelivery of a stored delivery; not stored or processed again");
      reply(ctx, 200, "duplicate", null);
      metrics.count(event, true, Outcome.DUPLICATE, start);
    } else {
      // DEBUG: at thousands of deliveries a second one line each costs real CPU; the job logs
      // "delivery processed" (INFO) with the same correlation id, and the row is the record.
      log.debug("accepted {}{}", event, e.action() == null ? "" : "." + e.action());
      reply(ctx, 202, "accepted", null);
      metrics.count(event, true, Outcome.ACCEPTED, start);
    }
  }

  private void unavailable(Context ctx, String why) {
    log.error("delivery not stored ({}); answering 503 so GitHub shows it as failed", why);
    metrics.storeFailed();
    reply(ctx, 503, "unavailable", "could not store the delivery; please redeliver");
  }

  private void malformed(Context ctx, String event, long start, String reason) {
    log.warn("rejected: {}", reason);
    reply(ctx, 400, "malformed", reason);
    metrics.count(event, true, Outcome.MALFORMED, start);
  }

  private void ignored(Context ctx, String event, long start) {
    log.debug("ignored: no handler for this event");
    reply(ctx, 202, "ignored", null);
    metrics.count(event, true, Outcome.IGNORED, start);
  }

  private static void reply(Context ctx, int status, String outcome, String error) {
    String json;
    if (error == null) {
      json = "{\"outcome\":\"" + outcome + "\"}";
    } else {
      try {
        json = Json.MAPPER.writeValueAsString(Map.of("outcome", outcome, "error", error));
      } catch (IOException e) {
        json = "{\"outcome\":\"" + outcome + "\"}";
      }
    }
    ctx.status(status).contentType("application/json").result(json);
  }

  /** The body, or null when it is larger than {@link #MAX_BODY_BYTES} (checked before reading it all). */
  private static byte[] readBody(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      return null;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared >= 0) {
        byte[] body = in.readNBytes((int) declared);
        return body;
      }
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }
}
