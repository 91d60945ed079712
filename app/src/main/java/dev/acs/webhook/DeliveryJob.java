package dev.acs.webhook;

import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Status;
import dev.acs.task.DeliveryStore.StoredDelivery;
import dev.acs.task.Jobs;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.WebhookEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.lambdas.IocJobLambda;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The durable job that runs the handlers of one stored delivery. Its job id is derived from the
 * delivery id, so a delivery has at most one job however often it is enqueued; and it claims the
 * delivery row before running anything, so even two runs at once (a retry racing a node thought
 * dead) run the handlers once. A failing handler fails the job, which JobRunr retries with backoff.
 */
public class DeliveryJob {
  private static final Logger log = LoggerFactory.getLogger(DeliveryJob.class);

  private final DeliveryStore store;
  private final EventHandlers handlers;
  private final EventParser parser;
  private final Duration lease;
  private final int maxRetries;

  /**
   * @param lease how long a claim protects a running delivery; a claim older than this is taken
   *     over by the next attempt (handlers must finish well within it)
   * @param maxRetries the job retries JobRunr makes; the last failure marks the delivery FAILED
   */
  public DeliveryJob(DeliveryStore store, EventHandlers handlers, EventParser parser, Duration lease, int maxRetries) {
    this.store = store;
    this.handlers = handlers;
    this.parser = parser;
    this.lease = lease;
    this.maxRetries = maxRetries;
  }

  /** The job id of a delivery: the same on every node. */
  public static UUID jobId(String deliveryId) {
    return Jobs.idFor("delivery", deliveryId);
  }

  /** Enqueues the jobs of stored deliveries (each once) and marks them QUEUED. */
  public static void enqueue(Jobs jobs, DeliveryStore store, List<String> deliveryIds) {
    Map<UUID, IocJobLambda<DeliveryJob>> work = new LinkedHashMap<>();
    for (String id : deliveryIds) {
      work.put(jobId(id), job -> job.process(id, JobContext.Null));
    }
    jobs.enqueueAll(work);
    try {
      store.markQueued(deliveryIds);
    } catch (SQLException e) {
      // Harmless: the sweeper may enqueue them again, which is a no-op for an existing job id.
      log.warn("could not mark {} deliveries QUEUED: {}", deliveryIds.size(), e.toString());
    }
  }

  /** Runs the handlers of the delivery, once. JobRunr passes the real context in place of Null. */
  public void process(String deliveryId, JobContext job) throws Exception {
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
      run(delivery, claim.get(), job);
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
    // Another run holds a fresh claim. Fail this run so JobRunr tries again later: by then the
    // other run has finished (DONE) or its claim has expired and is taken over.
    throw new DeliveryBusyException(deliveryId);
  }

  private void run(StoredDelivery delivery, String token, JobContext job) throws Exception {
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
      runHandlers(type.get(), delivery, context, job);
    } catch (Exception e) {
      boolean last = isRealJob(job) && job.amountOfFailures() >= maxRetries;
      store.fail(delivery.deliveryId(), token, e.toString(), last);
      log.warn("delivery handler failed (attempt {}{}): {}", delivery.attempts(), last ? ", giving up" : ", will retry", e.toString());
      throw e;
    }
    if (!store.complete(delivery.deliveryId(), token)) {
      log.warn("delivery processed but its claim was taken over meanwhile (handler ran longer than the lease {})", lease);
      return;
    }
    log.info("delivery processed");
  }

  private <E extends WebhookEvent> void runHandlers(
      Class<E> type, StoredDelivery delivery, DeliveryContext context, JobContext job) throws Exception {
    E event = parser.readStored(type, delivery.payload());
    List<EventHandler<? super E>> list = handlers.handlersFor(type, delivery.action());
    if (list.isEmpty()) {
      log.info("no handler wants {}.{} any more; nothing to do", delivery.event(), delivery.action());
      return;
    }
    if (list.size() == 1 || !isRealJob(job)) {
      for (EventHandler<? super E> h : list) {
        h.handle(event, context);
      }
      return;
    }
    // Several handlers: each one's success is kept in the job, so a retry after handler 2 failed
    // does not run handler 1 again.
    for (int i = 0; i < list.size(); i++) {
      EventHandler<? super E> h = list.get(i);
      job.runStepOnce("handler-" + i, () -> h.handle(event, context));
    }
  }

  private static boolean isRealJob(JobContext job) {
    return job != null && job != JobContext.Null;
  }

  /** Another run of this delivery holds a fresh claim; JobRunr will retry this one later. */
  public static final class DeliveryBusyException extends Exception {
    DeliveryBusyException(String deliveryId) {
      super("delivery " + deliveryId + " is being processed by another run; retrying later");
    }
  }
}
