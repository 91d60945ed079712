package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import org.junit.jupiter.api.Test;

class PolicyInputJsonTest {

  @Test
  void serializesWithTheContractNames() {
    JsonNode json = Json.MAPPER.valueToTree(Inputs.push());
    assertThat(json.path("repository").path("private").asBoolean()).isTrue();
    assertThat(json.path("repository").path("full_name").asText()).isEqualTo("o/r");
    assertThat(json.path("repository").has("private_")).isFalse();
    assertThat(json.path("task").path("cost_usd").asDouble()).isEqualTo(0.41);
    assertThat(json.path("trigger").path("from_fork").isBoolean()).isTrue();
    assertThat(json.path("change").path("test_integrity").path("tests_deleted").asInt()).isZero();
    assertThat(json.path("change").path("test_integrity").has("clean")).isFalse();
    assertThat(json.path("change").path("files").path(0).path("previous_path").isNull()).isTrue();
    assertThat(json.path("findings").has("new")).isTrue();
    assertThat(json.has("plan")).isTrue();
  }

  @Test
  void theDiffNeverLeavesTheProcess() {
    PolicyInput input = Inputs.push();
    assertThat(input.change().diff()).isNotBlank();
    String json = Json.MAPPER.valueToTree(input).toString();
    assertThat(json).doesNotContain("diff").doesNotContain("int y = 2");
  }

  @Test
  void readsTheContractExample() throws Exception {
    String example =
        """
        {"action": "push", "repository": {"full_name": "o/r", "private": true, "fork": false, "default_branch": "main"},
         "actor": {"login": "alice", "type": "User", "permission": "write"},
         "trigger": {"event": "check_suite", "action": "completed", "command": null},
         "task": {"id": "x", "issue": 12, "attempt": 2, "tokens": 48213, "cost_usd": 0.41},
         "change": {"branch": "acs/12-fix-npe", "base": "main", "additions": 40, "deletions": 3,
                    "files": [{"path": "src/main/java/A.java", "status": "modified", "additions": 40, "deletions": 3}],
                    "test_integrity": {"tests_deleted": 0, "assertions_removed": 0, "skips_added": 0, "ci_config_changed": false}},
         "findings": {"new": [{"tool": "pmd", "rule": "r", "severity": "high", "path": "p", "line": 7}]},
         "config": {}, "plan": {"files": ["a", "b"]}}
        """;
    PolicyInput input = Json.MAPPER.readValue(example, PolicyInput.class);
    assertThat(input.repository().private_()).isTrue();
    assertThat(input.findings().new_()).hasSize(1);
    assertThat(input.change().testIntegrity().details()).isEmpty();
    assertThat(input.change().diff()).isNull();
    assertThat(input.plan().files()).containsExactly("a", "b");
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(input), PolicyInput.class)).isEqualTo(input);
  }
}
