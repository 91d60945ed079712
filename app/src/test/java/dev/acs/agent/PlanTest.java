package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanTest {
  static final String VALID =
      """
      {"summary": "Fix NPE in Parser", "steps": ["Guard null input", "Add test"],
       "files": ["src/main/java/Parser.java", "./src/test/java/ParserTest.java"],
       "risks": ["Callers may rely on the exception"], "verification": "mvn test"}
      """;

  @Test
  void readsAValidPlan() throws Exception {
    Plan p = Plan.fromJson(Json.MAPPER.readTree(VALID));
    assertThat(p.steps()).containsExactly("Guard null input", "Add test");
    assertThat(p.files()).containsExactly("src/main/java/Parser.java", "src/test/java/ParserTest.java");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing summary      | {\"steps\":[\"a\"],\"files\":[\"a.txt\"],\"risks\":[\"r\"],\"verification\":\"v\"} | \"summary\" is missing",
        "empty steps          | {\"summary\":\"s\",\"steps\":[],\"files\":[\"a.txt\"],\"risks\":[\"r\"],\"verification\":\"v\"} | \"steps\" must be a non-empty array",
        "blank step           | {\"summary\":\"s\",\"steps\":[\" \"],\"files\":[\"a.txt\"],\"risks\":[\"r\"],\"verification\":\"v\"} | \"steps[0]\" must be a non-empty string",
        "steps not array      | {\"summary\":\"s\",\"steps\":\"do it\",\"files\":[\"a.txt\"],\"risks\":[\"r\"],\"verification\":\"v\"} | \"steps\" must be a non-empty array",
        "missing risks        | {\"summary\":\"s\",\"steps\":[\"a\"],\"files\":[\"a.txt\"],\"verification\":\"v\"} | \"risks\" is missing",
        "empty verification   | {\"summary\":\"s\",\"steps\":[\"a\"],\"files\":[\"a.txt\"],\"risks\":[\"r\"],\"verification\":\"\"} | \"verification\" must be a non-empty string",
        "file escapes         | {\"summary\":\"s\",\"steps\":[\"a\"],\"files\":[\"../etc/passwd\"],\"risks\":[\"r\"],\"verification\":\"v\"} | \"files[0]\": path '../etc/passwd' contains '..'",
        "file in .git         | {\"summary\":\"s\",\"steps\":[\"a\"],\"files\":[\".git/config\"],\"risks\":[\"r\"],\"verification\":\"v\"} | inside .git",
        "not an object        | [1,2]                                                                                | must be a JSON object",
      })
  void rejectsWithAMessageForTheModel(String name, String json, String message) throws Exception {
    assertThatThrownBy(() -> Plan.fromJson(Json.MAPPER.readTree(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void listsEveryProblemAtOnce() throws Exception {
    assertThatThrownBy(() -> Plan.fromJson(Json.MAPPER.readTree("{}")))
        .hasMessageContaining("\"summary\" is missing")
        .hasMessageContaining("\"steps\" is missing")
        .hasMessageContaining("\"files\" is missing")
        .hasMessageContaining("\"risks\" is missing")
        .hasMessageContaining("\"verification\" is missing");
  }

  @Test
  void markdownChecklistTicksDoneSteps() {
    Plan p = new Plan("Fix NPE", List.of("Guard null", "Add test", "Update docs"), List.of("src/A.java"), List.of("none known"), "mvn test");
    assertThat(p.toMarkdownChecklist(Set.of(1, 3)))
        .isEqualTo(
            """
            **Plan:** Fix NPE

            - [x] Guard null
            - [ ] Add test
            - [x] Update docs

            **Files likely touched:** `src/A.java`

            **Risks:**
            - none known

            **How it will be checked:** mvn test
            """);
  }

  @Test
  void markdownNeutralisesMentionsHtmlAndLineBreaks() {
    Plan p = new Plan("Ping @octocat <!-- acs:marker -->", List.of("line one\n- [x] forged"), List.of("a`b.java"), List.of("r"), "v");
    String md = p.toMarkdownChecklist(Set.of());
    assertThat(md).doesNotContain("@octocat").contains("@\u200Boctocat");
    assertThat(md).doesNotContain("<!--").contains("&lt;!-- acs:marker --&gt;");
    assertThat(md).contains("- [ ] line one - [x] forged\n");
    assertThat(md).contains("`ab.java`");
  }
}
