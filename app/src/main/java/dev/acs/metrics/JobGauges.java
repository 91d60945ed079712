package dev.acs.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code acs_jobs{state}}: the job queue's jobs by state, read from the job store (shared by every
 * node, so each node reports the same cluster-wide numbers). One read serves all states of a scrape:
 * the counts are kept for {@code maxAge}.
 */
public final class JobGauges {
  private static final Logger log = LoggerFactory.getLogger(JobGauges.class);

  /** The states of the job store that are reported. */
  public static final List<String> STATES = List.of("scheduled", "enqueued", "processing", "failed", "succeeded");

  private final Supplier<Map<String, Long>> counts;
  private final Duration maxAge;
  private final Clock clock;
  private Map<String, Long> last = Map.of();
  private Instant readAt = Instant.MIN;

  private JobGauges(Supplier<Map<String, Long>> counts, Duration maxAge, Clock clock) {
    this.counts = counts;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** Registers one gauge per state; {@code counts} maps a state to its number of jobs. */
  public static JobGauges bind(MeterRegistry registry, Supplier<Map<String, Long>> counts) {
    JobGauges gauges = new JobGauges(counts, Duration.ofSeconds(5), Clock.systemUTC());
    for (String state : STATES) {
      // A strong reference: Micrometer holds gauge objects weakly, and nothing else keeps this one.
      Gauge.builder("acs.jobs", gauges, g -> g.count(state)).description("Jobs in the job store by state")
          .tag("state", state).strongReference(true).register(registry);
    }
    return gauges;
  }

  synchronized double count(String state) {
    Instant now = clock.instant();
    if (readAt.plus(maxAge).isBefore(now)) {
      try {
        last = counts.get();
      } catch (RuntimeException e) {
        // The database is away: the last numbers stand (readiness says the database is down).
        log.debug("job counts not read: {}", e.toString());
      }
      readAt = now;
    }
    return last.getOrDefault(state, 0L);
  }
}
