package dev.acs.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code data.acs.decision}: whether the action may happen, the reasons against it, warnings,
 * and for {@code plan} whether a person must approve first. {@code engine} says who decided.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyDecision(
    boolean allow,
    List<String> deny,
    List<String> warn,
    @JsonProperty("require_approval") boolean requireApproval,
    String engine) {

  public PolicyDecision {
    deny = List.copyOf(deny == null ? List.of() : deny);
    warn = List.copyOf(warn == null ? List.of() : warn);
  }

  public static PolicyDecision allowed(String engine) {
    return new PolicyDecision(true, List.of(), List.of(), false, engine);
  }

  public static PolicyDecision denied(String engine, String reason) {
    return new PolicyDecision(false, List.of(reason), List.of(), false, engine);
  }

  /** The reason every engine gives when it cannot answer; the action is then denied. */
  public static final String ENGINE_UNAVAILABLE = "policy engine unavailable";

  /** Fail closed: an engine that is unreachable or answers nonsense denies, saying why. */
  public static PolicyDecision unavailable(String engine, String detail) {
    return denied(engine, ENGINE_UNAVAILABLE + ": " + detail);
  }

  /** True when the decision is a denial because some engine could not answer. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean engineUnavailable() {
    return deny.stream().anyMatch(r -> r.startsWith(ENGINE_UNAVAILABLE));
  }

  /**
   * The id of the rule a reason names, {@code (rule: <id>; …)} as the default policy and the
   * guardrails write it (docs/policies.md lists them), or null for a reason without one (an
   * organisation's own rule, the secret scan). The last tag counts: a path quoted earlier in the
   * reason cannot forge it.
   */
  public static String ruleOf(String reason) {
    Matcher m = RULE.matcher(reason);
    String id = null;
    while (m.find()) {
      id = m.group(1);
    }
    return id;
  }

  private static final Pattern RULE = Pattern.compile("\\(rule: ([a-z0-9_]+)[;)]");

  /**
   * Both must allow; reasons and warnings add up (a reason both give, word for word, is listed
   * once: the guardrails and the default Rego often agree); approval is needed if either asks.
   */
  public PolicyDecision and(PolicyDecision other) {
    List<String> d = new ArrayList<>(new LinkedHashSet<>(deny));
    other.deny.stream().filter(r -> !d.contains(r)).forEach(d::add);
    List<String> w = new ArrayList<>(new LinkedHashSet<>(warn));
    other.warn.stream().filter(r -> !w.contains(r)).forEach(w::add);
    return new PolicyDecision(
        allow && other.allow && d.isEmpty(), d, w, requireApproval || other.requireApproval,
        engine.equals(other.engine) ? engine : engine + "+" + other.engine); // two asks of the same gate: name it once
  }
}
