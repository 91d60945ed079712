package dev.acs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what an OPA engine returned for the entrypoint into a {@link PolicyDecision}. Accepts
 * the ACS decision object ({@code allow}, {@code deny}, {@code warn}, {@code require_approval})
 * and, for simple policies, a bare boolean. Anything else is nonsense and rejected, so the
 * caller denies: an {@code allow} that is not a boolean is never read as true, and an
 * {@code allow: true} that comes with deny reasons is a denial.
 */
final class DecisionDocument {
  private DecisionDocument() {}

  /** Thrown for a result that is not a decision; the message says what was wrong. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  static PolicyDecision parse(JsonNode result, String engine, String entrypoint) throws Malformed {
    if (result == null || result.isMissingNode() || result.isNull()) {
      throw new Malformed("data." + dotted(entrypoint) + " is undefined");
    }
    if (result.isBoolean()) {
      boolean allow = result.booleanValue();
      return new PolicyDecision(
          allow, allow ? List.of() : List.of("denied by data." + dotted(entrypoint)), List.of(), false, engine);
    }
    if (!result.isObject()) {
      throw new Malformed("data." + dotted(entrypoint) + " is a " + result.getNodeType().name().toLowerCase() + ", not a decision object");
    }
    JsonNode allow = result.get("allow");
    if (allow == null || !allow.isBoolean()) {
      throw new Malformed("the decision has no boolean 'allow'");
    }
    List<String> deny = strings(result.get("deny"), "deny");
    List<String> warn = strings(result.get("warn"), "warn");
    JsonNode approval = result.get("require_approval");
    if (approval != null && !approval.isNull() && !approval.isBoolean()) {
      throw new Malformed("'require_approval' is not a boolean");
    }
    boolean requireApproval = approval != null && approval.asBoolean(false);
    if (!allow.booleanValue() && deny.isEmpty()) {
      deny = List.of("denied by data." + dotted(entrypoint) + " (no reason given)");
    }
    return new PolicyDecision(allow.booleanValue() && deny.isEmpty(), deny, warn, requireApproval, engine);
  }

  private static List<String> strings(JsonNode node, String field) throws Malformed {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new Malformed("'" + field + "' is not a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      out.add(n.isTextual() ? n.textValue() : n.toString());
    }
    return out;
  }

  static String dotted(String entrypoint) {
    return entrypoint.replace('/', '.');
  }
}
