package dev.acs.webhook;

import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.DeliveryStore.StoredDelivery;
import dev.acs.task.Jobs;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.WebhookEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.lambdas.IocJobLambda;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The durable jobs that run the handlers of stored deliveries.
 *
 * <p>Deliveries stored together are enqueued together: one job per group (at most {@link
 * #MAX_PER_JOB}, spread over the workers), because a JobRunr job costs several database writes of
 * its own; under light load a group is one delivery. A delivery that fails in a group gets a job
 * of its own, whose id is derived from the delivery id (so it exists once), retried with backoff.
 *
 * <p>Every run claims the delivery row before running anything, so a delivery's handlers run once
 * even when two runs meet (a retry racing a node presumed dead, a sweeper re-enqueue). With
 * several handlers, each success is recorded, so a retry runs only the handlers not yet done.
 */
public class DeliveryJob {
  private static final Logger log = LoggerFactory.getLogger(DeliveryJob.class);

  /** Most deliveries in one group job. */
  static final int MAX_PER_JOB = 32;

  private final DeliveryStore store;
  private final EventHandlers handlers;
  private final EventParser parser;
  private final Jobs jobs;
  private final Duration lease;
  private final int maxRetries;
  private final int backoffSeed;

  /**
   * @param lease how long a claim protects a running delivery; a claim older than this is taken
   *     over by the next attempt (handlers must finish well within it)
   * @param maxRetries attempts after the first; the last failure marks the delivery FAILED
   * @param backoffSeed the first retry of a delivery failed in a group waits this many seconds
   */
  public DeliveryJob(
      DeliveryStore store,
      EventHandlers handlers,
      EventParser parser,
      Jobs jobs,
      Duration lease,
      int maxRetries,
      int backoffSeed) {
    this.store = store;
    this.handlers = handlers;
    this.parser = parser;
    this.jobs = jobs;
    this.lease = lease;
    this.maxRetries = maxRetries;
    this.backoffSeed = backoffSeed;
  }

  /** The id of a delivery's own job: the same on every node. */
  public static UUID jobId(String deliveryId) {
    return Jobs.idFor("delivery", deliveryId);
  }

  /**
   * Enqueues jobs for stored deliveries and marks them QUEUED: one job per delivery when there
   * are few, groups of up to {@link #MAX_PER_JOB} spread over {@code workers} when there are many.
   */
  public static void enqueue(Jobs jobs, DeliveryStore store, List<String> deliveryIds, int workers) {
    int perJob = Math.clamp((deliveryIds.size() + Math.max(workers, 1) - 1) / Math.max(workers, 1), 1, MAX_PER_JOB);
    Map<UUID, IocJobLambda<DeliveryJob>> work = new LinkedHashMap<>();
    for (int from = 0; from < deliveryIds.size(); from += perJob) {
      List<String> group = List.copyOf(deliveryIds.subList(from, Math.min(deliveryIds.size(), from + perJob)));
      if (group.size() == 1) {
        String id = group.get(0);
        work.put(jobId(id), job -> job.process(id));
      } else {
        work.put(Jobs.idFor("deliveries", String.join(",", group)), job -> job.processAll(group));
      }
    }
    jobs.enqueueAll(work);
    try {
      store.markQueued(deliveryIds);
    } catch (SQLException e) {
      // Harmless: the sweeper may enqueue them again, and their claims keep that exactly-once.
      log.warn("could not mark {} deliveries QUEUED: {}", deliveryIds.size(), e.toString());
    }
  }

  /**
   * Processes a group of deliveries. One that fails does not fail the group: it is retried in a
   * job of its own, after {@code backoffSeed} seconds.
   */
  public void processAll(List<String> deliveryIds) {
    for (String id : deliveryIds) {
      try {
        process(id);
      } catch (Exception e) {
        UUID retry = jobs.schedule(jobId(id), Instant.now().plusSeconds(backoffSeed), (DeliveryJob job) -> job.process(id));
        log.info("delivery {} failed in a group; retrying in its own job {}", id, retry);
      }
    }
  }

  /** Runs the handlers of one delivery, once; throws (so JobRunr retries) when they fail. */
  public void process(String deliveryId) throws Exception {
    MDC.put("delivery_id", deliveryId);
    try {
      Optional<String> claim = store.claim(deliveryId, lease);
      if (claim.isEmpty()) {
        notClaimed(deliveryId);
        return;
      }
      StoredDelivery delivery =
          store.find(deliveryId).orElseThrow(() -> new IllegalStateException("claimed delivery vanished"));
      MDC.put("event", delivery.event());
      if (delivery.action() != null) {
        MDC.put("action", delivery.action());
      }
      run(delivery, claim.get());
    } finally {
      MDC.remove("delivery_id");
      MDC.remove("event");
      MDC.remove("action");
    }
  }

  private void notClaimed(String deliveryId) throws SQLException, DeliveryBusyException {
    Optional<StoredDelivery> d = store.find(deliveryId);
    if (d.isEmpty()) {
      log.warn("job for unknown delivery; nothing to do");
      return;
    }
    Status status = d.get().status();
    if (status == Status.DONE || status == Status.FAILED) {
      log.info("delivery already processed ({}); skipping", status);
      return;
    }
    // Another run holds a fresh claim. Fail this run so it is tried again later: by then the
    // other run has finished (DONE) or its claim has expired and is taken over.
    throw new DeliveryBusyException(deliveryId);
  }

  private void run(StoredDelivery delivery, String token) throws Exception {
    Optional<Class<? extends WebhookEvent>> type = EventTypes.typeOf(delivery.event());
    if (type.isEmpty()) {
      store.complete(delivery.deliveryId(), token);
      log.warn("stored delivery of event {} that ACS has no record for; marked done", delivery.event());
      return;
    }
    DeliveryContext context =
        new DeliveryContext(
            delivery.deliveryId(),
            delivery.installationId(),
            delivery.event(),
            delivery.action(),
            delivery.receivedAt(),
            delivery.attempts());
    try {
      runHandlers(type.get(), delivery, token, context);
    } catch (Exception e) {
      boolean last = delivery.attempts() > maxRetries;
      store.fail(delivery.deliveryId(), token, e.toString(), last);
      if (last) {
        log.error("delivery handler failed on attempt {}, giving up: {}", delivery.attempts(), e.toString());
        return;
      }
      log.warn("delivery handler failed (attempt {}), will retry: {}", delivery.attempts(), e.toString());
      throw e;
    }
    if (!store.complete(delivery.deliveryId(), token)) {
      log.warn("delivery processed but its claim was taken over meanwhile (handler ran longer than the lease {})", lease);
      return;
    }
    log.info("delivery processed");
  }

  private <E extends WebhookEvent> void runHandlers(
      Class<E> type, StoredDelivery delivery, String token, DeliveryContext context) throws Exception {
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

  /** Another run of this delivery holds a fresh claim; this one is retried later. */
  public static final class DeliveryBusyException extends Exception {
    DeliveryBusyException(String deliveryId) {
      super("delivery " + deliveryId + " is being processed by another run; retrying later");
    }
  }
}
