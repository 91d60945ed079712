package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyGatesTest {

  static PolicyGate fixed(PolicyDecision d) {
    return new PolicyGate() {
      @Override
      public PolicyDecision decide(PolicyInput input) {
        return d;
      }

      @Override
      public String name() {
        return d.engine();
      }
    };
  }

  @Test
  void withoutAnEngineTheGuardrailsDecideAlone() {
    PolicyGates gates = PolicyGates.fromEnv(new Env(Map.of()), List::of);
    assertThat(gates.describe())
        .isEqualTo("policy: guardrails only (the default policy in Java; no OPA engine configured: set ACS_POLICY_BUNDLE or ACS_OPA_URL);"
            + " data from classpath:policies/data.json; decisions by guardrails");
    assertThat(gates.engine()).isEmpty();
    assertThat(gates.name()).isEqualTo("guardrails");
    assertThat(gates.decide(Inputs.push()).allow()).isTrue();
    assertThat(gates.decide(Inputs.push(Inputs.files(".git/config"), 1)).allow()).isFalse();
  }

  @Test
  void theEffectiveGateIsGuardrailsAndEngine() {
    Guardrails guardrails = new Guardrails(PolicyData.shipped(), List::of);
    PolicyDecision warn = new PolicyDecision(true, List.of(), List.of("no test"), false, "opa-wasm");
    PolicyGates allowing = PolicyGates.of(guardrails, fixed(warn));

    PolicyDecision both = allowing.decide(Inputs.push());
    assertThat(both.allow()).isTrue();
    assertThat(both.warn()).hasSize(2).contains("no test").anyMatch(w -> "source_without_test".equals(PolicyDecision.ruleOf(w)));
    assertThat(both.engine()).isEqualTo("guardrails+opa-wasm");

    // The same reason from both engines is listed once.
    PolicyDecision same = PolicyGates.of(guardrails, fixed(new PolicyDecision(true, List.of(), both.warn(), false, "opa-wasm"))).decide(Inputs.push());
    assertThat(same.warn()).isEqualTo(both.warn());

    PolicyDecision guardDenies = allowing.decide(Inputs.push(Inputs.files("keys/a.pem"), 1));
    assertThat(guardDenies.allow()).isFalse();
    assertThat(guardDenies.warn()).contains("no test");

    PolicyGates denying = PolicyGates.of(guardrails, fixed(PolicyDecision.denied("opa-wasm", "too big")));
    assertThat(denying.decide(Inputs.push()).deny()).containsExactly("too big");

    PolicyGates approving = PolicyGates.of(guardrails, fixed(new PolicyDecision(true, List.of(), List.of(), true, "opa-wasm")));
    assertThat(approving.decide(Inputs.plan("src/A.java")).requireApproval()).isTrue();
  }

  /**
   * An organisation's engine that allows everything (its own Rego without the default rules)
   * cannot switch a default rule off: the guardrails hold it, and the decision names both.
   * Relaxing goes through the data, which both read.
   */
  @Test
  void anEngineThatAllowsEverythingDoesNotRelaxTheDefaults() {
    PolicyGate allowAll = fixed(PolicyDecision.allowed("opa-server"));
    PolicyInput workflow = Inputs.push(
        new PolicyInput.Change("b", "main", 1, 0, List.of(new PolicyInput.FileChange(".github/workflows/x.yml", "added", 1, 0)),
            new PolicyInput.TestIntegrity(0, 0, 0, true), ""), 1);
    PolicyDecision d = PolicyGates.of(new Guardrails(PolicyData.shipped(), List::of), allowAll).decide(workflow);
    assertThat(d.allow()).isFalse();
    assertThat(d.engine()).isEqualTo("guardrails+opa-server");
    assertThat(d.deny().stream().map(PolicyDecision::ruleOf)).containsExactlyInAnyOrder("workflow", "ci_config_changed");

    PolicyData relaxed = PolicyData.parse(
        "{\"acs\":{\"paths\":{\"workflows\":[]},\"test_integrity\":{\"allow_ci_config_changed\":true}}}".getBytes(), "org data.json");
    assertThat(PolicyGates.of(new Guardrails(relaxed, List::of), allowAll).decide(workflow).allow()).isTrue();
  }

  /** With an OPA server, the guardrails read ACS_POLICY_DATA: the way to relax a default beside a server. */
  @Test
  void besideAnOpaServerTheGuardrailsReadPolicyData(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("org-data.json");
    Files.writeString(data, "{\"acs\":{\"paths\":{\"protected\":[]}}}");
    PolicyGates gates = PolicyGates.fromEnv(new Env(Map.of("ACS_OPA_URL", "http://127.0.0.1:1", "ACS_POLICY_DATA", data.toString())), List::of);
    assertThat(gates.guardrails().data().source()).isEqualTo(data.toString());
    assertThat(gates.describe()).contains("data from " + data).endsWith("decisions by guardrails+opa-server");
    assertThat(gates.guardrails().decide(Inputs.push(Inputs.files("CODEOWNERS"), 1)).allow()).isTrue();
    PolicyGates shipped = PolicyGates.fromEnv(new Env(Map.of("ACS_OPA_URL", "http://127.0.0.1:1")), List::of);
    assertThat(shipped.guardrails().decide(Inputs.push(Inputs.files("CODEOWNERS"), 1)).allow()).isFalse();
  }

  @Test
  void anEngineThatThrowsDenies() {
    PolicyGate broken =
        new PolicyGate() {
          @Override
          public PolicyDecision decide(PolicyInput input) {
            throw new IllegalStateException("boom");
          }

          @Override
          public String name() {
            return "opa-wasm";
          }
        };
    PolicyDecision d = PolicyGates.of(new Guardrails(PolicyData.shipped(), List::of), broken).decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.engineUnavailable()).isTrue();
  }
}
