package dev.acs.webhook;

import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.NewDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted deliveries with group commit: concurrent requests are gathered into one
 * transaction, and each request is answered only after that transaction committed, so an
 * acknowledged delivery is durable while the commit cost (an fsync on PostgreSQL) is shared.
 * The stored rows are the queue: after each commit the workers are told there is work ({@code
 * stored}), and any node's workers would find the rows anyway on their next poll.
 */
public final class DeliveryRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

  /** Whether a delivery was stored now or had been stored before (a redelivery). */
  public enum Result {
    STORED,
    DUPLICATE
  }

  private record Pending(NewDelivery delivery, CompletableFuture<Result> result) {}

  private final DeliveryStore store;
  private final Runnable stored;
  private final int maxBatch;
  private final BlockingQueue<Pending> toStore;
  private final Thread writer;
  private volatile boolean open = true;

  /**
   * @param stored told after each commit that stored new deliveries (wakes the workers)
   * @param maxBatch most deliveries per transaction
   */
  public DeliveryRecorder(DeliveryStore store, Runnable stored, int maxBatch) {
    this.store = store;
    this.stored = stored;
    this.maxBatch = maxBatch;
    this.toStore = new ArrayBlockingQueue<>(16 * maxBatch);
    this.writer = Thread.ofPlatform().name("acs-delivery-writer").daemon().start(this::writeLoop);
  }

  /**
   * Stores the delivery; the future completes once it is committed (or found to be a duplicate),
   * or fails when the database could not store it or too many deliveries are waiting.
   */
  public CompletableFuture<Result> record(NewDelivery delivery) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    if (!open) {
      result.completeExceptionally(new IllegalStateException("ACS is shutting down"));
    } else if (!toStore.offer(new Pending(delivery, result))) {
      result.completeExceptionally(new IllegalStateException("too many deliveries waiting to be stored"));
    }
    return result;
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (open || !toStore.isEmpty()) {
      try {
        Pending first = toStore.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        toStore.drainTo(batch, maxBatch - 1);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
  }

  private void store(List<Pending> batch) {
    List<NewDelivery> rows = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      rows.add(p.delivery());
    }
    boolean[] inserted;
    try {
      inserted = store.insertAll(rows);
    } catch (Exception e) {
      log.error("could not store {} webhook deliveries: {}", batch.size(), e.toString());
      for (Pending p : batch) {
        p.result().completeExceptionally(e);
      }
      return;
    }
    boolean any = false;
    for (int i = 0; i < batch.size(); i++) {
      any |= inserted[i];
      batch.get(i).result().complete(inserted[i] ? Result.STORED : Result.DUPLICATE);
    }
    if (any) {
      stored.run();
    }
  }

  /** Stops taking deliveries, stores those already taken, then returns. */
  @Override
  public void close() {
    open = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
