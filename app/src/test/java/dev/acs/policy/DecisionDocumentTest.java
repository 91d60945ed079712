package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.Json;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionDocumentTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"allow\":true,\"deny\":[],\"warn\":[\"w\"],\"require_approval\":false} | true  | []                     | [w] | false",
        "{\"allow\":true,\"deny\":[],\"warn\":[],\"require_approval\":true}      | true  | []                     | []  | true",
        "{\"allow\":false,\"deny\":[\"no\"],\"warn\":[]}                          | false | [no]                   | []  | false",
        "{\"allow\":true,\"deny\":[\"no\"]}                                       | false | [no]                   | []  | false",
        "{\"allow\":false}                                                         | false | [denied by data.acs.decision (no reason given)] | [] | false",
        "{\"allow\":true}                                                          | true  | []                     | []  | false",
        "true                                                                      | true  | []                     | []  | false",
        "false                                                                     | false | [denied by data.acs.decision] | [] | false",
      })
  void readsDecisions(String json, boolean allow, String deny, String warn, boolean approval) throws Exception {
    PolicyDecision d = DecisionDocument.parse(Json.MAPPER.readTree(json), "opa-server", "acs/decision");
    assertThat(d.allow()).isEqualTo(allow);
    assertThat(d.deny().toString()).isEqualTo(deny);
    assertThat(d.warn().toString()).isEqualTo(warn);
    assertThat(d.requireApproval()).isEqualTo(approval);
    assertThat(d.engine()).isEqualTo("opa-server");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                 | no boolean 'allow'",
        "{\"allow\":\"true\"}               | no boolean 'allow'",
        "{\"allow\":1}                      | no boolean 'allow'",
        "{\"allow\":true,\"deny\":\"x\"}    | 'deny' is not a list",
        "{\"allow\":true,\"warn\":{}}       | 'warn' is not a list",
        "{\"allow\":true,\"require_approval\":\"yes\"} | 'require_approval' is not a boolean",
        "[]                                 | is a array, not a decision object",
        "\"allow\"                          | is a string, not a decision object",
        "null                               | data.acs.decision is undefined",
      })
  void rejectsNonsense(String json, String problem) {
    assertThatThrownBy(() -> DecisionDocument.parse(Json.MAPPER.readTree(json), "opa-server", "acs/decision"))
        .isInstanceOf(DecisionDocument.Malformed.class)
        .hasMessageContaining(problem);
  }

  @org.junit.jupiter.api.Test
  void nonStringReasonsAreKeptAsJson() throws Exception {
    PolicyDecision d = DecisionDocument.parse(Json.MAPPER.readTree("{\"allow\":false,\"deny\":[{\"rule\":\"x\"}]}"), "e", "acs/decision");
    assertThat(d.deny()).isEqualTo(List.of("{\"rule\":\"x\"}"));
  }
}
