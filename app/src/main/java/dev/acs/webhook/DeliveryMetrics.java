package dev.acs.webhook;

import dev.acs.webhook.event.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code acs_webhook_deliveries_total{event,outcome}} and the ack latency histogram
 * {@code acs_webhook_ack_seconds{outcome}} (time from the request reaching the route to the
 * response being decided, i.e. including the database commit).
 */
public final class DeliveryMetrics {
  /** The pinned outcomes; nothing else is ever used as a label value. */
  public enum Outcome {
    ACCEPTED,
    DUPLICATE,
    BAD_SIGNATURE,
    MALFORMED,
    IGNORED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,50}");
  /** Past this many distinct event names, new names are counted as "other" (bounded series). */
  private static final int MAX_EVENT_NAMES = 100;

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Outcome, Timer> timers = new ConcurrentHashMap<>();
  private final Counter storeFailures;

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome o : Outcome.values()) {
      timers.put(
          o,
          Timer.builder("acs.webhook.ack")
              .description("Time to acknowledge a webhook delivery")
              .tag("outcome", o.label())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofSeconds(10))
              .register(registry));
    }
    storeFailures =
        Counter.builder("acs.webhook.store.failures")
            .description("Deliveries answered 503 because the database could not store them")
            .register(registry);
  }

  /**
   * Counts a delivery. {@code trusted} says whether the event name came with a valid signature;
   * unsigned requests can only name the events ACS has records for, so an attacker cannot create
   * unbounded label values.
   */
  public void count(String event, boolean trusted, Outcome outcome, long startNanos) {
    String label = eventLabel(event, trusted);
    counters
        .computeIfAbsent(
            label + '|' + outcome.label(),
            k ->
                Counter.builder("acs.webhook.deliveries")
                    .description("Webhook deliveries by event and outcome")
                    .tag("event", label)
                    .tag("outcome", outcome.label())
                    .register(registry))
        .increment();
    timers.get(outcome).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void storeFailed() {
    storeFailures.increment();
  }

  private String eventLabel(String event, boolean trusted) {
    if (event == null || !EVENT_NAME.matcher(event).matches()) {
      return "unknown";
    }
    if (EventTypes.typeOf(event).isPresent()) {
      return event;
    }
    if (!trusted || counters.size() >= MAX_EVENT_NAMES * Outcome.values().length) {
      return "other";
    }
    return event;
  }
}
