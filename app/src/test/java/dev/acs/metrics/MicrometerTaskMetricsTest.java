package dev.acs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task metrics in a real Prometheus registry: pinned names, bounded labels. */
class MicrometerTaskMetricsTest {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final MicrometerTaskMetrics metrics = new MicrometerTaskMetrics(registry);

  @ParameterizedTest
  @CsvSource({
      "openai:gpt-4.1, openai",
      "anthropic:claude-sonnet-4-5, anthropic",
      "replay:/tmp/secret/path.json, replay",
      "OLLAMA:llama3, ollama",
      "'<script>:x', other",
      "'', other"})
  void theProviderLabelIsTheRoutesProviderNeverTheModelOrAFile(String route, String label) {
    metrics.modelCall(route, "ok");
    assertThat(registry.scrape()).contains("acs_model_calls_total{outcome=\"ok\",provider=\"" + label + "\"} 1.0")
        .doesNotContain("gpt-4.1").doesNotContain("/tmp/secret");
  }

  @Test
  void unknownValuesOfFixedLabelsBecomeOther() {
    metrics.taskStarted("something-new");
    metrics.taskFinished("EXPLODED", Duration.ofSeconds(5));
    metrics.repair("checks", "weird");
    metrics.modelCall("openai:x", "teapot");
    String scrape = registry.scrape();
    assertThat(scrape).contains("acs_tasks_started_total{trigger=\"other\"} 1.0")
        .contains("acs_tasks_finished_total{outcome=\"other\"} 1.0")
        .contains("acs_repairs_total{kind=\"checks\",outcome=\"other\"} 1.0")
        .contains("acs_model_calls_total{outcome=\"other\",provider=\"openai\"} 1.0")
        .doesNotContain("something-new").doesNotContain("EXPLODED").doesNotContain("teapot");
  }

  @Test
  void openLabelsStopGrowingAtTheirCap() {
    for (int i = 0; i < 50; i++) {
      metrics.policyDecision("action" + i, true, "guardrails");
    }
    long actions = registry.scrape().lines().filter(l -> l.startsWith("acs_policy_decisions_total{")).count();
    assertThat(actions).isEqualTo(21); // 20 distinct actions, then "other"
    assertThat(registry.scrape()).contains("acs_policy_decisions_total{action=\"other\",allowed=\"true\",engine=\"guardrails\"} 30.0");
  }

  @Test
  void usageAndCostAddUpPerProviderAndDurationsFillTheBuckets() {
    metrics.modelUsage("anthropic:claude-sonnet-4-5", 1000, 200, new BigDecimal("0.006"));
    metrics.modelUsage("anthropic:claude-haiku", 500, 100, new BigDecimal("0.001"));
    metrics.taskFinished("done", Duration.ofMinutes(3));
    String scrape = registry.scrape();
    assertThat(scrape).contains("acs_model_tokens_total{direction=\"input\",provider=\"anthropic\"} 1500.0")
        .contains("acs_model_tokens_total{direction=\"output\",provider=\"anthropic\"} 300.0")
        .contains("acs_model_cost_usd_total{provider=\"anthropic\"} 0.007")
        .contains("acs_task_duration_seconds_bucket{le=\"120.0\"} 0").contains("acs_task_duration_seconds_bucket{le=\"300.0\"} 1")
        .contains("acs_task_duration_seconds_count 1");
  }

  @Test
  void jobGaugesReadTheStoreOnceForAllStatesOfAScrape() {
    AtomicInteger reads = new AtomicInteger();
    JobGauges.bind(registry, () -> {
      reads.incrementAndGet();
      return Map.of("enqueued", 3L, "failed", 1L);
    });
    String scrape = registry.scrape();
    assertThat(scrape).contains("acs_jobs{state=\"enqueued\"} 3.0").contains("acs_jobs{state=\"failed\"} 1.0")
        .contains("acs_jobs{state=\"succeeded\"} 0.0");
    registry.scrape();
    assertThat(reads).as("five gauges, two scrapes within 5 s: one read").hasValue(1);
  }
}
