package dev.acs.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acs.config.Json;
import dev.acs.metrics.TaskMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every decision of the gate it wraps in the {@link PolicyDecisionLog}: the input's
 * digest, the engine, the decision as JSON, the latency, the action and the task. A decision that
 * cannot be recorded is not allowed: an action ACS cannot account for does not happen.
 */
public final class AuditedPolicyGate implements PolicyGate {
  static final String NOT_AUDITED = "the policy decision could not be audited";

  private static final Logger log = LoggerFactory.getLogger(AuditedPolicyGate.class);

  // Sorted keys: the same input gives the same digest whatever the map order.
  private static final ObjectMapper CANONICAL =
      Json.MAPPER.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final PolicyGate gate;
  private final PolicyDecisionLog decisions;
  private final Clock clock;
  private final TaskMetrics metrics;

  public AuditedPolicyGate(PolicyGate gate, PolicyDecisionLog decisions, Clock clock) {
    this(gate, decisions, clock, TaskMetrics.NONE);
  }

  /** The same, counting each decision ({@code acs_policy_decisions_total}) in {@code metrics}. */
  public AuditedPolicyGate(PolicyGate gate, PolicyDecisionLog decisions, Clock clock, TaskMetrics metrics) {
    this.gate = gate;
    this.decisions = decisions;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return gate.name();
  }

  @Override
  public PolicyDecision decide(PolicyInput input) {
    PolicyDecision decision = audited(input);
    metrics.policyDecision(String.valueOf(input.action()), decision.allow(), decision.engine());
    return decision;
  }

  private PolicyDecision audited(PolicyInput input) {
    var decidedAt = clock.instant();
    long start = System.nanoTime();
    PolicyDecision decision;
    try {
      decision = gate.decide(input);
    } catch (RuntimeException e) {
      decision = PolicyDecision.unavailable(gate.name(), e.getClass().getSimpleName());
    }
    long latencyMs = (System.nanoTime() - start) / 1_000_000;
    try {
      decisions.record(
          new PolicyDecisionLog.Entry(
              0,
              decidedAt,
              input.task() == null ? null : input.task().id(),
              input.repository() == null ? null : input.repository().fullName(),
              String.valueOf(input.action()),
              decision.engine(),
              decision.allow(),
              digest(input),
              Json.MAPPER.writeValueAsString(decision),
              latencyMs));
      log.info(
          "policy {} on {} by {}: {} {}", input.action(), input.repository() == null ? "?" : input.repository().fullName(),
          decision.engine(), decision.allow() ? "allowed" : "denied", decision.deny());
      return decision;
    } catch (RuntimeException | JsonProcessingException e) {
      log.error("policy decision on {} could not be audited: {}", input.action(), e.getMessage());
      List<String> deny = new ArrayList<>(decision.deny());
      deny.add(NOT_AUDITED);
      return new PolicyDecision(false, deny, decision.warn(), decision.requireApproval(), decision.engine());
    }
  }

  /** SHA-256 of the input document as the engines see it (the diff is not part of it). */
  public static String digest(PolicyInput input) {
    try {
      byte[] json = CANONICAL.writeValueAsString(input).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the policy input", e);
    }
  }
}
