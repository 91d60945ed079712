package dev.acs.metrics;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What the task side reports to the operator's metrics ({@code acs_tasks_*}, {@code acs_model_*},
 * {@code acs_policy_decisions_total}, {@code acs_repairs_total}). An interface on the ground
 * floor so that {@code task}, {@code policy}, {@code agent} and {@code pipeline} report without
 * knowing Micrometer; {@link #NONE} where nobody scrapes (the CLI's one-shot commands).
 *
 * <p>Callers pass what they know; the implementation keeps label values bounded.
 */
public interface TaskMetrics {
  TaskMetrics NONE = new TaskMetrics() {};

  /** A task was queued by a person or an event; {@code trigger} e.g. {@code label}, {@code command}. */
  default void taskStarted(String trigger) {}

  /** A task reached an ending ({@code done}, {@code failed}, {@code stopped}, {@code blocked_by_policy}). */
  default void taskFinished(String outcome, Duration took) {}

  /** One call to one provider route ({@code openai:gpt-4.1}): {@code ok}, {@code error} or {@code refused} (budget). */
  default void modelCall(String route, String outcome) {}

  /** Tokens and dollars of one answered call, by the route that answered. */
  default void modelUsage(String route, long inputTokens, long outputTokens, BigDecimal costUsd) {}

  /** One decision of the policy gate. */
  default void policyDecision(String action, boolean allowed, String engine) {}

  /** One repair round: {@code kind} checks, review, fix or rerun; {@code outcome} e.g. pushed, no_change. */
  default void repair(String kind, String outcome) {}
}
