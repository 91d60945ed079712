package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Migration V3 and the decision log on both databases ACS supports, plus the audited gate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyDecisionLogTest {
  EmbeddedPostgres postgres;
  Database h2;
  Database pg;

  @BeforeAll
  void start() throws Exception {
    h2 = Database.inMemory("policy-log-" + System.nanoTime());
    postgres = EmbeddedPostgres.builder().start();
    pg = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 2);
  }

  @AfterAll
  void stop() throws Exception {
    h2.close();
    pg.close();
    postgres.close();
  }

  Database db(String name) {
    return name.equals("h2") ? h2 : pg;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void recordsAndReadsDecisions(String which) {
    PolicyDecisionLog log = new PolicyDecisionLog(db(which).dataSource());
    String task = "task-" + which;
    Instant at = Instant.parse("2026-05-01T10:15:30.123Z");
    long id1 = log.record(new PolicyDecisionLog.Entry(0, at, task, "o/r", "plan", "guardrails+opa-wasm", true, "a".repeat(64), "{\"allow\":true}", 3));
    long id2 = log.record(new PolicyDecisionLog.Entry(0, at.plusSeconds(5), task, "o/r", "push", "guardrails", false, "b".repeat(64), "{\"allow\":false,\"deny\":[\"x\"]}", 12));
    log.record(new PolicyDecisionLog.Entry(0, at, null, "o/r", "command", "guardrails", true, "c".repeat(64), "{}", 1));
    assertThat(id2).isGreaterThan(id1);

    List<PolicyDecisionLog.Entry> entries = log.forTask(task);
    assertThat(entries).extracting(PolicyDecisionLog.Entry::action).containsExactly("plan", "push");
    PolicyDecisionLog.Entry push = entries.get(1);
    assertThat(push.id()).isEqualTo(id2);
    assertThat(push.decidedAt()).isEqualTo(at.plusSeconds(5));
    assertThat(push.allowed()).isFalse();
    assertThat(push.inputSha256()).isEqualTo("b".repeat(64));
    assertThat(push.resultJson()).isEqualTo("{\"allow\":false,\"deny\":[\"x\"]}");
    assertThat(push.latencyMs()).isEqualTo(12);
    assertThat(log.recent(1)).singleElement().extracting(PolicyDecisionLog.Entry::action).isEqualTo("command");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void theAuditedGateRecordsEveryDecision(String which) {
    PolicyDecisionLog log = new PolicyDecisionLog(db(which).dataSource());
    Clock clock = Clock.fixed(Instant.parse("2026-05-02T08:00:00Z"), ZoneOffset.UTC);
    AuditedPolicyGate gate = new AuditedPolicyGate(PolicyGates.fromEnv(new dev.acs.config.Env(java.util.Map.of()), List::of), log, clock);
    PolicyInput push = Inputs.push();
    PolicyDecision allowed = gate.decide(push);
    PolicyDecision denied = gate.decide(Inputs.push(Inputs.files(".git/hooks/pre-commit"), 1));
    assertThat(allowed.allow()).isTrue();
    assertThat(denied.allow()).isFalse();

    List<PolicyDecisionLog.Entry> entries = log.forTask("t-1").stream().filter(e -> e.decidedAt().equals(clock.instant())).toList();
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).inputSha256()).isEqualTo(AuditedPolicyGate.digest(push)).hasSize(64);
    assertThat(entries.get(0).engine()).isEqualTo("guardrails");
    assertThat(entries.get(0).repository()).isEqualTo("o/r");
    assertThat(entries.get(1).allowed()).isFalse();
    assertThat(entries.get(1).resultJson()).contains("is inside .git/");
  }

  /** Both parts of a combined gate are named in the audit row and in the decision the comment shows. */
  @Test
  void aCombinedGateIsAuditedUnderBothNames() {
    PolicyDecisionLog log = new PolicyDecisionLog(h2.dataSource());
    Clock clock = Clock.fixed(Instant.parse("2026-05-03T08:00:00Z"), ZoneOffset.UTC);
    PolicyGates gates = PolicyGates.of(new Guardrails(PolicyData.shipped(), List::of), PolicyGatesTest.fixed(PolicyDecision.allowed("opa-server")));
    PolicyDecision d = new AuditedPolicyGate(gates, log, clock).decide(Inputs.push(Inputs.files("CODEOWNERS"), 1));
    assertThat(d.engine()).isEqualTo("guardrails+opa-server");
    assertThat(DenyExplanation.render(Inputs.push(), d)).contains("decided by `guardrails+opa-server`");
    PolicyDecisionLog.Entry row = log.forTask("t-1").stream().filter(e -> e.decidedAt().equals(clock.instant())).findFirst().orElseThrow();
    assertThat(row.engine()).isEqualTo("guardrails+opa-server");
    assertThat(row.allowed()).isFalse();
    assertThat(row.resultJson()).contains("rule: protected_path").contains("\"engine\":\"guardrails+opa-server\"");
  }

  @Test
  void theDigestIgnoresTheDiffAndIsStable() {
    PolicyInput a = Inputs.push();
    assertThat(AuditedPolicyGate.digest(a)).isEqualTo(AuditedPolicyGate.digest(Inputs.push()));
    PolicyInput other = Inputs.push(Inputs.files("src/B.java"), 2);
    assertThat(AuditedPolicyGate.digest(a)).isNotEqualTo(AuditedPolicyGate.digest(other));
  }

  @Test
  void aDecisionThatCannotBeRecordedIsNotAllowed() {
    Database closed = Database.inMemory("closed-" + System.nanoTime());
    PolicyDecisionLog log = new PolicyDecisionLog(closed.dataSource());
    closed.close();
    AuditedPolicyGate gate = new AuditedPolicyGate(new Guardrails(PolicyData.shipped(), List::of), log, Clock.systemUTC());
    PolicyDecision d = gate.decide(Inputs.push());
    assertThat(d.allow()).isFalse();
    assertThat(d.deny()).containsExactly(AuditedPolicyGate.NOT_AUDITED);
  }
}
