package dev.acs.webhook;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many webhook requests this node is answering right now. Requests that pile up mean the
 * node is short of CPU; then acknowledging comes first and processing waits (see {@link
 * DeliveryWorkers}): GitHub gives up on a delivery after 10 seconds and does not send it again by
 * itself, while a stored delivery loses nothing by being processed a little later.
 */
public final class IntakeLoad {
  /** In-flight requests from which the intake counts as busy; a quiet node answers one or two at a time. */
  static final int BUSY_FROM = 16;

  private final AtomicInteger inFlight = new AtomicInteger();

  void begin() {
    inFlight.incrementAndGet();
  }

  void end() {
    inFlight.decrementAndGet();
  }

  /** True while requests are waiting on each other. */
  public boolean busy() {
    return inFlight.get() >= BUSY_FROM;
  }

  int inFlight() {
    return inFlight.get();
  }
}
