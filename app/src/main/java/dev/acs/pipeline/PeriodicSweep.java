package dev.acs.pipeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep now and then every period on one daemon thread of its own. A sweep that fails is
 * logged and the next one still runs: one bad row must not end the sweeping for good.
 */
final class PeriodicSweep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeriodicSweep.class);

  private final ScheduledExecutorService timer;

  PeriodicSweep(String threadName, String what, Duration every, Runnable sweep) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name(threadName).unstarted(r));
    timer.scheduleWithFixedDelay(() -> {
      try {
        sweep.run();
      } catch (RuntimeException e) {
        log.warn("{} failed: {}", what, e.toString());
      }
    }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
