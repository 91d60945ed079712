package dev.acs.webhook;

import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.NewDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted deliveries with group commit: concurrent requests are gathered into one
 * transaction, and each request is answered only after that transaction committed, so an
 * acknowledged delivery is durable while the commit cost (an fsync on PostgreSQL) is shared.
 * The jobs of the stored deliveries are enqueued right after, off the request path, by a second
 * thread; if that fails or the node dies first, the rows stay RECEIVED and {@link DeliverySweeper}
 * enqueues them later.
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
  private final Consumer<List<String>> enqueue;
  private final int maxBatch;
  private final java.time.Duration enqueueWindow;
  private final BlockingQueue<Pending> toStore;
  private final BlockingQueue<String> toEnqueue;
  private final Thread writer;
  private final Thread enqueuer;
  private volatile boolean open = true;

  /**
   * @param enqueue enqueues the jobs of these stored delivery ids and marks them QUEUED
   * @param maxBatch most deliveries per transaction
   * @param enqueueWindow how long the enqueuer gathers stored deliveries before enqueueing them
   */
  public DeliveryRecorder(
      DeliveryStore store,
      Consumer<List<String>> enqueue,
      int maxBatch,
      java.time.Duration enqueueWindow) {
    this.store = store;
    this.enqueue = enqueue;
    this.maxBatch = maxBatch;
    this.enqueueWindow = enqueueWindow;
    this.toStore = new ArrayBlockingQueue<>(16 * maxBatch);
    this.toEnqueue = new ArrayBlockingQueue<>(64 * maxBatch);
    this.writer = Thread.ofPlatform().name("acs-delivery-writer").daemon().start(this::writeLoop);
    this.enqueuer = Thread.ofPlatform().name("acs-delivery-enqueuer").daemon().start(this::enqueueLoop);
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
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (inserted[i] && !toEnqueue.offer(p.delivery().deliveryId())) {
        // The row is committed: the sweeper will enqueue it. Nothing is lost, only delayed.
        log.warn("enqueue backlog full; delivery {} will be enqueued by the sweeper", p.delivery().deliveryId());
      }
      p.result().complete(inserted[i] ? Result.STORED : Result.DUPLICATE);
    }
  }

  private void enqueueLoop() {
    int most = 4 * maxBatch;
    List<String> batch = new ArrayList<>(most);
    while (open || !toEnqueue.isEmpty() || writer.isAlive()) {
      try {
        String first = toEnqueue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // Gather what arrives within the window: each job costs several writes of its own, so
        // under load deliveries share jobs. Jobs are picked up on the next poll (seconds) or
        // when a worker frees up, so a few milliseconds here delay nothing noticeable.
        long until = System.nanoTime() + enqueueWindow.toNanos();
        while (batch.size() < most) {
          long left = until - System.nanoTime();
          String next = left <= 0 ? null : toEnqueue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
          toEnqueue.drainTo(batch, most - batch.size());
        }
        enqueue.accept(List.copyOf(batch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.warn("could not enqueue {} delivery jobs ({}); the sweeper will retry", batch.size(), e.toString());
      } finally {
        batch.clear();
      }
    }
  }

  /** Stops taking deliveries, stores and enqueues those already taken, then returns. */
  @Override
  public void close() {
    open = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
      enqueuer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
