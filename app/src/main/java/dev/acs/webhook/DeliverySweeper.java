package dev.acs.webhook;

import dev.acs.task.DeliveryStore;
import dev.acs.task.Jobs;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recurring job that enqueues deliveries stored but never enqueued: a node that dies between
 * committing a delivery and enqueueing its job leaves it RECEIVED, and this picks it up. Enqueueing
 * is by the delivery's job id, so a delivery whose job exists after all is not enqueued twice.
 */
public class DeliverySweeper {
  public static final String RECURRING_ID = "acs-delivery-sweeper";
  private static final Logger log = LoggerFactory.getLogger(DeliverySweeper.class);
  private static final int LIMIT = 1000;

  private final DeliveryStore store;
  private final Jobs jobs;
  private final Duration grace;

  /** @param grace how long a delivery may stay RECEIVED before it counts as stranded */
  public DeliverySweeper(DeliveryStore store, Jobs jobs, Duration grace) {
    this.store = store;
    this.jobs = jobs;
    this.grace = grace;
  }

  /** Schedules {@link #sweep()} on the cluster (one node runs it each time). */
  public void schedule(Duration every) {
    jobs.every(RECURRING_ID, every, (DeliverySweeper s) -> s.sweep());
  }

  /** Enqueues stranded deliveries; returns how many it found. */
  public int sweep() throws SQLException {
    List<String> stranded = store.stranded(grace, LIMIT);
    if (!stranded.isEmpty()) {
      log.info("enqueueing {} stranded webhook deliveries", stranded.size());
      DeliveryJob.enqueue(jobs, store, stranded, jobs.settings().workers());
    }
    return stranded.size();
  }
}
