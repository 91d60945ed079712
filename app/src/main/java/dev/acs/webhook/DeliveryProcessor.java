package dev.acs.webhook;

import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.StoredDelivery;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.WebhookEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the handlers of one claimed delivery and records what became of it. A failure is kept on
 * the row with the time of the next attempt (exponential backoff) or, after the last allowed
 * attempt, marks the delivery FAILED. With several handlers each success is recorded, so a retry
 * runs only the handlers not yet done.
 */
public class DeliveryProcessor {
  private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

  /** Longest wait between two attempts, however many came before. */
  static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** What became of a delivery. */
  public enum Outcome {
    /** The handlers succeeded; the caller marks the row DONE (in a batch). */
    HANDLED,
    /** The handlers failed; the row is RETRY with its next attempt set. */
    RETRYING,
    /** The handlers failed on the last allowed attempt; the row is FAILED. */
    FAILED
  }

  private final DeliveryStore store;
  private final EventHandlers handlers;
  private final EventParser parser;
  private final int maxRetries;
  private final int backoffSeed;

  /**
   * @param maxRetries attempts after the first; the last failure marks the delivery FAILED
   * @param backoffSeed retry n waits {@code backoffSeed^n} seconds (at most {@link #MAX_BACKOFF})
   */
  public DeliveryProcessor(DeliveryStore store, EventHandlers handlers, EventParser parser, int maxRetries, int backoffSeed) {
    this.store = store;
    this.handlers = handlers;
    this.parser = parser;
    this.maxRetries = maxRetries;
    this.backoffSeed = backoffSeed;
  }

  /** Processes a delivery claimed under {@code token}; never throws for a handler's failure. */
  public Outcome process(StoredDelivery delivery, String token) throws SQLException {
    MDC.put("delivery_id", delivery.deliveryId());
    MDC.put("event", delivery.event());
    if (delivery.action() != null) {
      MDC.put("action", delivery.action());
    }
    try {
      runHandlers(delivery, token);
      log.info("delivery processed");
      return Outcome.HANDLED;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return failed(delivery, token, e);
    } finally {
      MDC.remove("delivery_id");
      MDC.remove("event");
      MDC.remove("action");
    }
  }

  private Outcome failed(StoredDelivery delivery, String token, Exception e) throws SQLException {
    int attempt = delivery.attempts();
    if (attempt > maxRetries) {
      store.fail(delivery.deliveryId(), token, e.toString(), null);
      log.error("delivery handler failed on attempt {}, giving up: {}", attempt, e.toString());
      return Outcome.FAILED;
    }
    Duration wait = backoff(attempt);
    store.fail(delivery.deliveryId(), token, e.toString(), Instant.now().plus(wait));
    log.warn("delivery handler failed (attempt {}), retrying in {} s: {}", attempt, wait.toSeconds(), e.toString());
    return Outcome.RETRYING;
  }

  /** The wait after the given (1-based) failed attempt: seed, seed², ... capped. */
  Duration backoff(int attempt) {
    double seconds = Math.pow(backoffSeed, Math.max(attempt, 1));
    return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds((long) seconds);
  }

  private void runHandlers(StoredDelivery delivery, String token) throws Exception {
    Optional<Class<? extends WebhookEvent>> type = EventTypes.typeOf(delivery.event());
    if (type.isEmpty()) {
      log.warn("stored delivery of event {} that ACS has no record for; marked done", delivery.event());
      return;
    }
    runHandlers(type.get(), delivery, token);
  }

  private <E extends WebhookEvent> void runHandlers(Class<E> type, StoredDelivery delivery, String token) throws Exception {
    DeliveryContext context =
        new DeliveryContext(
            delivery.deliveryId(),
            delivery.installationId(),
            delivery.event(),
            delivery.action(),
            delivery.receivedAt(),
            delivery.attempts());
    E event = parser.readStored(type, delivery.payload());
    List<EventHandler<? super E>> list = handlers.handlersFor(type, delivery.action());
    if (list.isEmpty()) {
      log.info("no handler wants {}.{} any more; nothing to do", delivery.event(), delivery.action());
      return;
    }
    // With several handlers, the ones that succeeded on an earlier attempt are not run again.
    for (int i = delivery.handlersDone(); i < list.size(); i++) {
      list.get(i).handle(event, context);
      if (list.size() > 1) {
        store.handlersDone(delivery.deliveryId(), token, i + 1);
      }
    }
  }
}
