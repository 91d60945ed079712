package dev.acs.policy;

/**
 * Decides whether ACS may take an action. Implementations: the built-in guardrails (always on),
 * the embedded OPA wasm engine and an OPA server. An engine that cannot answer denies with
 * "policy engine unavailable": the gate fails closed, never open.
 */
public interface PolicyGate {
  PolicyDecision decide(PolicyInput input);

  /** A short name for logs, audit rows and the check-run summary, e.g. "opa-wasm". */
  String name();
}
