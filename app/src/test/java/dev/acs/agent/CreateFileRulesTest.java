package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.workspace.ConfinedFiles;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** create_file keeps edit_file's rules: UTF-8 text only, 2 MB at most; a refused file is not created. */
class CreateFileRulesTest {
  @TempDir Path repo;
  WorkspaceTools tools;

  @BeforeEach
  void setUp() throws Exception {
    tools = new WorkspaceTools(new ConfinedFiles(repo), null);
  }

  /** The tool call as a model sends it: JSON, where \u0000 and lone surrogates are valid escapes. */
  WorkspaceTools.Outcome create(String path, String content) {
    ObjectNode args = JsonNodeFactory.instance.objectNode().put("path", path).put("content", content);
    return tools.execute(ToolExecutionRequest.builder().id("1").name("create_file").arguments(args.toString()).build());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a NUL-interleaved token  | g\\u0000h\\u0000p\\u0000_\\u0000x\\u0000 | holds a NUL character (line 1)",
        "a binary blob           | PK\\u0003\\u0004\\u0000\\u0000          | holds a NUL character (line 1)",
        "a NUL on line 3         | a\\nb\\nc\\u0000                        | holds a NUL character (line 3)",
        "an unpaired surrogate   | text \\ud800 more                       | holds an unpaired surrogate (line 1)"
      })
  void textThatIsNotUtf8IsRefused(String name, String escaped, String why) throws Exception {
    String content = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readValue("\"" + escaped + "\"", String.class);
    WorkspaceTools.Outcome out = create("res/data.txt", content);
    assertThat(out.error()).isTrue();
    assertThat(out.text()).contains("res/data.txt not created: the content " + why);
    assertThat(repo.resolve("res/data.txt")).doesNotExist();
  }

  @Test
  void moreThanTwoMegabytesIsRefused() {
    String big = "x".repeat((int) ConfinedFiles.MAX_TEXT_BYTES) + "\n";
    WorkspaceTools.Outcome out = create("big.txt", big);
    assertThat(out.error()).isTrue();
    assertThat(out.text()).contains("is 2097153 bytes of UTF-8, over the 2 MB");
    assertThat(repo.resolve("big.txt")).doesNotExist();
  }

  @Test
  void utf8TextUpToTheLimitIsCreated() throws Exception {
    // Multi-byte characters count as their UTF-8 bytes: 2 MB exactly is allowed.
    String text = "é".repeat((int) ConfinedFiles.MAX_TEXT_BYTES / 2);
    WorkspaceTools.Outcome out = create("docs/accents.txt", text);
    assertThat(out.error()).as(out.text()).isFalse();
    assertThat(Files.readString(repo.resolve("docs/accents.txt"), StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(create("docs/emoji.md", "ok \ud83d\ude00\n").error()).isFalse();
  }
}
