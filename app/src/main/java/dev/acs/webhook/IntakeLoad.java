package dev.acs.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many signed webhook requests this node is answering right now (counted from the moment the
 * signature checked out: a request still sending its body, or unsigned, is not GitHub's and does
 * not count, so slow or hostile clients cannot hold processing back). Requests that pile up mean the
 * node is short of CPU; then acknowledging comes first and processing waits (see {@link
 * DeliveryWorkers}): GitHub gives up on a delivery after 10 seconds and does not send it again by
 * itself, while a stored delivery loses nothing by being processed a little later.
 */
public final class IntakeLoad {
  /** In-flight requests from which the intake counts as busy; a quiet node answers one or two at a time. */
  static final int BUSY_FROM = 16;

  /**
   * How long the intake counts as busy after it last was. Under load the count swings with each
   * group commit (the requests of a batch are answered together), so one look at it says little.
   */
  static final long BUSY_FOR_NANOS = 200_000_000L;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastBusy = System.nanoTime() - 2 * BUSY_FOR_NANOS;

  /** Also published as {@code acs_webhook_requests_in_flight}. */
  public IntakeLoad bindTo(MeterRegistry registry) {
    Gauge.builder("acs.webhook.requests.in.flight", inFlight, AtomicInteger::get)
        .description("Signed webhook requests being answered right now")
        .register(registry);
    return this;
  }

  void begin() {
    if (inFlight.incrementAndGet() >= BUSY_FROM) {
      lastBusy = System.nanoTime();
    }
  }

  void end() {
    inFlight.decrementAndGet();
  }

  /** True while requests are waiting on each other, or were a moment ago. */
  public boolean busy() {
    return inFlight.get() >= BUSY_FROM || System.nanoTime() - lastBusy < BUSY_FOR_NANOS;
  }
}
