package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranscriptReplayTest {
  @TempDir Path dir;

  static ChatRequest ask() {
    return ChatRequest.builder().messages(UserMessage.from("go")).build();
  }

  @Test
  void aRunSavingAfterEachPhaseLeavesOneFileAndAnEmptyTranscriptNone() throws Exception {
    Transcript t = Transcript.start("octo/repo#13", SecretRedactor.patternsOnly());
    assertThat(t.writeTo(dir)).as("nothing to write yet").isNull();
    t.user("plan", "task");
    Path first = t.writeTo(dir);
    t.assistant("plan", AiMessage.from("A plan."), "openai:gpt-4.1", new TokenUsage(10, 5));
    Path second = t.writeTo(dir);

    assertThat(second).isEqualTo(first);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(first.getFileName().toString());
    }
    assertThat(Files.readString(second)).contains("A plan.");
  }

  @Test
  void aWrittenTranscriptReplaysItsAssistantTurns() throws Exception {
    Transcript t = Transcript.start("octo/repo#12", SecretRedactor.patternsOnly());
    t.system("code", "system prompt");
    t.user("code", "task");
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_1").name("read_file").arguments("{\"path\":\"A.java\"}").build();
    t.assistant("code", AiMessage.from("Looking.", List.of(call)), "openai:gpt-4.1", new TokenUsage(120, 30));
    t.toolResult("code", "call_1", "read_file", "class A {}", false);
    t.assistant("code", AiMessage.from("Done."), "openai:gpt-4.1", new TokenUsage(200, 5));
    Path file = t.writeTo(dir);
    assertThat(file.getFileName().toString()).startsWith("octo_repo_12-").endsWith(".json");
    assertThat(Files.readString(file)).contains("\"format\" : \"acs-transcript/1\"").contains("\"tool_call_id\" : \"call_1\"");

    ProviderChain replay = ModelProviders.fromSpec("replay:" + file, new Env(Map.of()));
    ChatResponse first = replay.chat(ask());
    assertThat(first.aiMessage().text()).isEqualTo("Looking.");
    assertThat(first.aiMessage().toolExecutionRequests()).containsExactly(call);
    assertThat(first.tokenUsage().inputTokenCount()).isEqualTo(120);
    assertThat(first.modelName()).isEqualTo("replay:" + file);
    assertThat(replay.chat(ask()).aiMessage().text()).isEqualTo("Done.");
    assertThatThrownBy(() -> replay.chat(ask()))
        .isInstanceOf(ModelCallException.class)
        .hasMessageContaining("has run out: its 2 assistant turns were all played");
  }

  @Test
  void scriptedFilesMayBeMinimalAndKeepBrokenArgumentsAsWritten() throws Exception {
    Path f = dir.resolve("script.json");
    Files.writeString(f,
        """
        {"entries": [
          {"type": "assistant", "tool_calls": [{"name": "read_file", "arguments": {"path": "A.java"}}]},
          {"type": "assistant", "tool_calls": [{"id": "x", "name": "edit_file", "arguments": "{\\"path\\": oops"}]},
          {"type": "assistant"}
        ]}
        """);
    ProviderChain replay = ModelProviders.fromSpec("replay:" + f, new Env(Map.of()));
    ToolExecutionRequest c1 = replay.chat(ask()).aiMessage().toolExecutionRequests().get(0);
    assertThat(c1.id()).isEqualTo("replay-0-0");
    assertThat(c1.arguments()).isEqualTo("{\"path\":\"A.java\"}");
    assertThat(replay.chat(ask()).aiMessage().toolExecutionRequests().get(0).arguments()).isEqualTo("{\"path\": oops");
    ChatResponse empty = replay.chat(ask());
    assertThat(empty.aiMessage().hasToolExecutionRequests()).isFalse();
    assertThat(empty.tokenUsage().outputTokenCount()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json            | {entries:                                                          | not readable JSON",
        "no entries          | {\"format\": \"acs-transcript/1\"}                                  | \"entries\" must be an array",
        "wrong format        | {\"format\": \"other/2\", \"entries\": []}                          | format is 'other/2'",
        "bad type            | {\"entries\": [{\"type\": \"robot\"}]}                              | entries[0]: type 'robot'",
        "call without name   | {\"entries\": [{\"type\": \"assistant\", \"tool_calls\": [{\"arguments\": {}}]}]} | entries[0].tool_calls[0] has no name",
        "numeric arguments   | {\"entries\": [{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"x\", \"arguments\": 3}]}]} | tool_calls[0].arguments must be a JSON object or a string",
        "calls not an array  | {\"entries\": [{\"type\": \"assistant\", \"tool_calls\": {\"name\": \"x\"}}]} | tool_calls must be an array",
        "no assistant turns  | {\"entries\": [{\"type\": \"note\", \"text\": \"hi\"}]}              | has no assistant entries",
      })
  void malformedReplayFilesFailClearlyAtStart(String name, String json, String message) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, json);
    assertThatThrownBy(() -> ModelProviders.fromSpec("replay:" + f, new Env(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void missingReplayFile() {
    assertThatThrownBy(() -> ModelProviders.fromSpec("replay:" + dir.resolve("none.json"), new Env(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void transcriptsNeverHoldConfiguredKeys() {
    Env env = new Env(Map.of("OPENAI_API_KEY", "sk-live-1234567890abcdefXYZ", "ANTHROPIC_API_KEY", "plainkey-9f8e7d6c"));
    Transcript t = Transcript.start("t", SecretRedactor.fromEnv(env));
    t.user("code", "my key is plainkey-9f8e7d6c and sk-live-1234567890abcdefXYZ; also ghp_abcdefghijklmnopqrstuvwxyz012345");
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("create_file")
        .arguments("{\"path\":\"k.txt\",\"content\":\"plainkey-9f8e7d6c\"}").build();
    t.assistant("code", AiMessage.from(List.of(call)), "m", null);
    String json = t.toJson();
    assertThat(json).doesNotContain("plainkey-9f8e7d6c").doesNotContain("sk-live-1234567890abcdefXYZ")
        .doesNotContain("ghp_abcdefghijklmnopqrstuvwxyz012345").contains("[REDACTED]");
  }
}
