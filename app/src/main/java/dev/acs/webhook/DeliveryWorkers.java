package dev.acs.webhook;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.task.DeliveryStore;
import dev.acs.task.DeliveryStore.Claim;
import dev.acs.task.DeliveryStore.StoredDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that process stored deliveries. Each claims a batch of rows from the deliveries
 * table (the queue), runs their handlers one after the other, and marks the handled ones DONE in
 * one statement. Workers are woken as soon as this node stores deliveries and otherwise look
 * every poll interval (for deliveries stored by other nodes, due retries and expired claims).
 *
 * <p>Acknowledging comes first: while the intake is busy ({@link IntakeLoad}), a worker waits up
 * to {@link #MAX_DEFER} before each batch, so a burst of deliveries is answered at full speed and
 * processed right after it, and processing never stops altogether under a sustained flood.
 *
 * <p>Handlers are short by design (long work, such as a task, is a job of its own), so a batch
 * is done in milliseconds. Still, each claimed delivery has a lease of its own, renewed every third
 * of it for as long as the delivery is in this node's hands (being handled or waiting in the
 * batch), so a slow handler or a slow batch is never taken over by another worker while this node
 * lives; handled deliveries are marked DONE at the end of the batch, or at least every {@link
 * #DONE_EVERY} on a slow one. At start, the deliveries this node had claimed when it was killed are
 * taken back at once (see {@link DeliveryStore#takeBackOwnClaims}); other nodes take them after the lease.
 */
public final class DeliveryWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

  /** Longest a worker holds back a batch for a busy intake. */
  static final Duration MAX_DEFER = Duration.ofSeconds(1);

  private static final long DEFER_STEP_MILLIS = 20;

  /** On a slow batch, the handled deliveries are marked DONE at least this often. */
  static final Duration DONE_EVERY = Duration.ofSeconds(1);

  /**
   * How deliveries are processed on this node.
   *
   * @param threads workers on this node ({@code ACS_DELIVERY_WORKERS}); 0 = receive only
   * @param batch most deliveries one worker claims at once
   * @param poll how often an idle worker looks for deliveries it was not told about
   * @param lease how long a claim protects a delivery after the node last renewed it (every third of it)
   */
  public record Settings(int threads, int batch, Duration poll, Duration lease) {
    public Settings {
      if (threads < 0) {
        throw new ConfigException("ACS_DELIVERY_WORKERS must be 0 (receive only) or more, got " + threads);
      }
      if (batch < 1) {
        throw new ConfigException("the delivery batch must be at least 1, got " + batch);
      }
      if (poll.isNegative() || poll.isZero()) {
        throw new ConfigException("ACS_DELIVERY_POLL_MILLIS must be positive, got " + poll.toMillis());
      }
      if (lease.compareTo(Duration.ofSeconds(10)) < 0) {
        throw new ConfigException("ACS_DELIVERY_LEASE_SECONDS must be at least 10, got " + lease.toSeconds());
      }
    }

    /** Two workers by default, none on a receive-only node ({@code ACS_WORKERS=0}). */
    public static Settings fromEnv(Env env) {
      int fallback = env.getInt("ACS_WORKERS", 8) == 0 ? 0 : 2;
      return new Settings(
          env.getInt("ACS_DELIVERY_WORKERS", fallback),
          16,
          Duration.ofMillis(env.getInt("ACS_DELIVERY_POLL_MILLIS", 1000)),
          Duration.ofSeconds(env.getInt("ACS_DELIVERY_LEASE_SECONDS", 60)));
    }
  }

  private final DeliveryStore store;
  private final DeliveryProcessor processor;
  private final Settings settings;
  private final IntakeLoad intake;
  private final List<Thread> threads = new ArrayList<>();
  private final Set<String> inHand = ConcurrentHashMap.newKeySet();
  private Thread leaseKeeper;
  private final Map<DeliveryProcessor.Outcome, Counter> processed = new EnumMap<>(DeliveryProcessor.Outcome.class);
  private final Object signal = new Object();
  private long storedSignals; // guarded by signal
  private volatile boolean open = true;

  public DeliveryWorkers(DeliveryStore store, DeliveryProcessor processor, Settings settings, IntakeLoad intake) {
    this.store = store;
    this.processor = processor;
    this.settings = settings;
    this.intake = intake;
  }

  /** Counts processed deliveries as {@code acs_webhook_deliveries_processed_total{outcome}}. */
  public DeliveryWorkers bindTo(MeterRegistry registry) {
    for (DeliveryProcessor.Outcome o : DeliveryProcessor.Outcome.values()) {
      processed.put(o, Counter.builder("acs.webhook.deliveries.processed")
          .description("Stored deliveries whose handlers ran, by outcome (handled, retrying, failed)")
          .tag("outcome", o.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
    return this;
  }

  /**
   * Takes back what this node had claimed before it was killed, then starts the worker threads
   * (none when the settings say receive only) and the thread that renews their claims.
   */
  public DeliveryWorkers start() {
    if (settings.threads() == 0) {
      return this;
    }
    try {
      int taken = store.takeBackOwnClaims();
      if (taken > 0) {
        log.warn("took back {} deliveries this node had claimed when it stopped without finishing them", taken);
      }
    } catch (SQLException e) {
      log.warn("could not take back this node's earlier claims ({}); they are free again after the lease {}", e.toString(), settings.lease());
    }
    leaseKeeper = Thread.ofPlatform().name("acs-delivery-lease").daemon().start(this::renewLeases);
    for (int i = 0; i < settings.threads(); i++) {
      // Platform threads: handler work must not occupy the few carrier threads that the virtual
      // threads answering requests share.
      threads.add(Thread.ofPlatform().name("acs-delivery-worker-" + i).daemon().start(this::work));
    }
    return this;
  }

  /** Tells idle workers that deliveries were stored (called after each commit of the intake). */
  public void wake() {
    synchronized (signal) {
      storedSignals++;
      signal.notifyAll();
    }
  }

  /** True while this node has workers running (or is meant to have none). */
  public boolean running() {
    return open && threads.stream().allMatch(Thread::isAlive);
  }

  private void work() {
    long seen = -1;
    while (open) {
      try {
        deferToBusyIntake();
        Claim claim = store.claimNext(settings.lease(), settings.batch());
        if (!claim.deliveries().isEmpty()) {
          processAll(claim);
          continue;
        }
        synchronized (signal) {
          if (seen == storedSignals) {
            signal.wait(settings.poll().toMillis());
          }
          seen = storedSignals;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        log.warn("delivery worker could not claim or record deliveries ({}); trying again shortly", e.toString());
        pause();
      }
    }
  }

  /** Handles the batch; stops early when the node closes, giving the rest back unprocessed. */
  void processAll(Claim claim) throws SQLException {
    inHand.add(claim.token());
    try {
      processInHand(claim);
    } finally {
      inHand.remove(claim.token());
    }
  }

  private void processInHand(Claim claim) throws SQLException {
    List<String> handled = new ArrayList<>(claim.deliveries().size());
    List<String> untouched = new ArrayList<>();
    long lastDone = System.nanoTime();
    for (StoredDelivery delivery : claim.deliveries()) {
      if (!open) {
        untouched.add(delivery.deliveryId());
        continue;
      }
      DeliveryProcessor.Outcome outcome = processor.process(delivery, claim.token());
      if (outcome == DeliveryProcessor.Outcome.HANDLED) {
        handled.add(delivery.deliveryId());
      }
      Counter counter = processed.get(outcome);
      if (counter != null) {
        counter.increment();
      }
      if (!handled.isEmpty() && System.nanoTime() - lastDone > DONE_EVERY.toNanos()) {
        complete(claim, handled);
        handled.clear();
        lastDone = System.nanoTime();
      }
    }
    complete(claim, handled);
    if (!untouched.isEmpty()) {
      store.release(claim.token(), untouched);
      log.info("stopping: gave {} claimed deliveries back for any node to process", untouched.size());
    }
  }

  private void complete(Claim claim, List<String> handled) throws SQLException {
    int done = store.completeAll(claim.token(), handled);
    if (done < handled.size()) {
      log.warn("{} processed deliveries had their claim taken over meanwhile (this node could not renew it within the lease {})",
          handled.size() - done, settings.lease());
    }
  }

  /** Every third of the lease, renews the claims this node holds. */
  private void renewLeases() {
    long every = Math.max(settings.lease().toMillis() / 3, 1);
    while (open) {
      try {
        TimeUnit.MILLISECONDS.sleep(every);
        store.renew(Set.copyOf(inHand));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        log.warn("could not renew the claims of the deliveries in hand ({}); trying again in {} ms", e.toString(), every);
      }
    }
  }

  private void deferToBusyIntake() throws InterruptedException {
    long until = System.nanoTime() + MAX_DEFER.toNanos();
    while (open && intake.busy() && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(DEFER_STEP_MILLIS);
    }
  }

  private void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(Math.min(settings.poll().toMillis(), 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops claiming; the batch in hand finishes its current delivery, the rest is given back. */
  @Override
  public void close() {
    open = false;
    wake();
    if (leaseKeeper != null) {
      leaseKeeper.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
