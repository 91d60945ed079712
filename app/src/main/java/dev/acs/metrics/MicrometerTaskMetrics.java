package dev.acs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The task metrics in a Micrometer registry (Prometheus names in brackets): {@code acs.tasks.started}
 * ({@code acs_tasks_started_total{trigger}}), {@code acs.tasks.finished}
 * ({@code acs_tasks_finished_total{outcome}}), {@code acs.task.duration}
 * ({@code acs_task_duration_seconds}, a histogram with buckets from 30 s to 7 days),
 * {@code acs.model.calls} / {@code .tokens} / {@code .cost.usd}, {@code acs.policy.decisions},
 * {@code acs.repairs}. Series whose label values are known in advance are registered at zero, so
 * that a rate over them exists before the first event and a dashboard shows 0, not "no data".
 */
public final class MicrometerTaskMetrics implements TaskMetrics {
  static final LabelValues TRIGGERS = LabelValues.of("label", "command", "assigned", "mention", "dashboard", "web", "action", "other");
  static final LabelValues ENDINGS = LabelValues.of("done", "failed", "stopped", "blocked_by_policy", "other");
  static final LabelValues CALL_OUTCOMES = LabelValues.of("ok", "error", "refused", "other");
  static final LabelValues REPAIR_KINDS = LabelValues.of("checks", "review", "fix", "rerun", "other");
  static final LabelValues REPAIR_OUTCOMES = LabelValues.of("pushed", "no_change", "ended", "skipped", "rerun", "given_up", "other");

  /** Bucket bounds a person can read on a dashboard: a task takes minutes; one waiting on people, days. */
  static final List<Duration> DURATION_BUCKETS = List.of(
      Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
      Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6),
      Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

  private final MeterRegistry registry;
  private final LabelValues providers = LabelValues.upTo(20);
  private final LabelValues actions = LabelValues.upTo(20);
  private final LabelValues engines = LabelValues.upTo(10);
  private final Timer duration;

  public MicrometerTaskMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration = Timer.builder("acs.task.duration")
        .description("Time from a task's start to its ending")
        .serviceLevelObjectives(DURATION_BUCKETS.toArray(Duration[]::new))
        .minimumExpectedValue(DURATION_BUCKETS.getFirst())
        .maximumExpectedValue(DURATION_BUCKETS.getLast())
        .register(registry);
    TRIGGERS.known().stream().filter(t -> !LabelValues.OTHER.equals(t)).forEach(this::started);
    ENDINGS.known().stream().filter(o -> !LabelValues.OTHER.equals(o)).forEach(this::finished);
    for (String kind : List.of("checks", "review", "fix")) {
      for (String outcome : List.of("pushed", "no_change", "ended", "skipped")) {
        repairs(kind, outcome);
      }
    }
    repairs("checks", "given_up");
    repairs("rerun", "rerun");
  }

  @Override
  public void taskStarted(String trigger) {
    started(TRIGGERS.of(trigger)).increment();
  }

  @Override
  public void taskFinished(String outcome, Duration took) {
    finished(ENDINGS.of(outcome)).increment();
    if (took != null && !took.isNegative()) {
      duration.record(took);
    }
  }

  @Override
  public void modelCall(String route, String outcome) {
    Counter.builder("acs.model.calls").description("Model calls by provider and outcome")
        .tag("provider", provider(route)).tag("outcome", CALL_OUTCOMES.of(outcome)).register(registry).increment();
  }

  @Override
  public void modelUsage(String route, long inputTokens, long outputTokens, BigDecimal costUsd) {
    String p = provider(route);
    tokens(p, "input").increment(Math.max(0, inputTokens));
    tokens(p, "output").increment(Math.max(0, outputTokens));
    Counter.builder("acs.model.cost.usd").description("Dollars spent on models, by provider (priced by ACS_PRICES_FILE)")
        .tag("provider", p).register(registry).increment(costUsd == null ? 0 : Math.max(0, costUsd.doubleValue()));
  }

  @Override
  public void policyDecision(String action, boolean allowed, String engine) {
    Counter.builder("acs.policy.decisions").description("Policy gate decisions by action, result and engine")
        .tag("action", actions.of(action)).tag("allowed", Boolean.toString(allowed)).tag("engine", engines.of(engine))
        .register(registry).increment();
  }

  @Override
  public void repair(String kind, String outcome) {
    repairs(REPAIR_KINDS.of(kind), REPAIR_OUTCOMES.of(outcome)).increment();
  }

  /** {@code openai} of {@code openai:gpt-4.1}: the provider, never the model or a file name. */
  private String provider(String route) {
    if (route == null) {
      return LabelValues.OTHER;
    }
    int colon = route.indexOf(':');
    return providers.of(colon < 0 ? route : route.substring(0, colon));
  }

  private Counter started(String trigger) {
    return Counter.builder("acs.tasks.started").description("Tasks started, by what started them")
        .tag("trigger", trigger).register(registry);
  }

  private Counter finished(String outcome) {
    return Counter.builder("acs.tasks.finished").description("Tasks ended, by ending")
        .tag("outcome", outcome).register(registry);
  }

  private Counter tokens(String provider, String direction) {
    return Counter.builder("acs.model.tokens").description("Model tokens by provider and direction (input, output)")
        .tag("provider", provider).tag("direction", direction).register(registry);
  }

  private Counter repairs(String kind, String outcome) {
    return Counter.builder("acs.repairs").description("Repair rounds by kind and outcome")
        .tag("kind", kind).tag("outcome", outcome).register(registry);
  }
}
