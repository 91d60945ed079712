package dev.acs.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.acs.testing.LlmFixtures;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * LangChain4j's real models and HTTP client against WireMock speaking the providers' wire formats
 * (bodies from ../shared/fixtures/llm-api, see {@link LlmFixtures}). An unmatched request fails the
 * test.
 */
class ProvidersWireMockTest {
  static final String OPENAI_KEY = "sk-test-openai-0123456789abcdef";
  static final String ANTHROPIC_KEY = "sk-ant-test-0123456789abcdef";
  static final String CHAT = "/v1/chat/completions";
  static final String MESSAGES = "/v1/messages";

  WireMockServer wm;
  final List<Duration> sleeps = new ArrayList<>();
  final RetryingChatModel.Sleeper recordingSleeper = sleeps::add;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(wm.findAllUnmatchedRequests()).as("requests WireMock had no stub for").isEmpty();
    } finally {
      wm.stop();
    }
  }

  Env env(String... extra) {
    Map<String, String> m = new HashMap<>();
    m.put("OPENAI_API_KEY", OPENAI_KEY);
    m.put("OPENAI_BASE_URL", wm.baseUrl() + "/v1");
    m.put("ANTHROPIC_API_KEY", ANTHROPIC_KEY);
    m.put("ANTHROPIC_BASE_URL", wm.baseUrl());
    m.put("OLLAMA_BASE_URL", wm.baseUrl());
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return new Env(m);
  }

  ProviderChain chain(String spec, Env env) {
    return ModelProviders.fromSpec(spec, env, recordingSleeper, Clock.systemUTC());
  }

  static ChatRequest request() {
    WorkspaceTools tools = new WorkspaceTools(null, null);
    return ChatRequest.builder()
        .messages(SystemMessage.from("You are a test."), UserMessage.from("Read src/A.java"))
        .toolSpecifications(tools.specifications())
        .maxOutputTokens(1024)
        .build();
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** Stubs answered in order, one per request. */
  void sequence(String path, ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      wm.stubFor(post(urlPathEqualTo(path))
          .inScenario(path)
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step" + i)
          .willSetStateTo("step" + (i + 1))
          .willReturn(responses[i]));
    }
  }

  static JsonNode body(LoggedRequest r) throws Exception {
    return Json.MAPPER.readTree(r.getBodyAsString());
  }

  @Test
  void openAiToolCallRoundTrip() throws Exception {
    sequence(CHAT, json(200, LlmFixtures.openAiToolCall("call_abc123", "read_file", "{\n\"path\": \"src/A.java\"\n}")));
    ChatResponse r = chain("openai:gpt-4.1", env()).chat(request());

    ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.id()).isEqualTo("call_abc123");
    assertThat(call.name()).isEqualTo("read_file");
    assertThat(Json.MAPPER.readTree(call.arguments()).get("path").asText()).isEqualTo("src/A.java");
    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(82);
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(17);
    assertThat(r.modelName()).isEqualTo("openai:gpt-4.1");

    wm.verify(1, postRequestedFor(urlPathEqualTo(CHAT))
        .withHeader("Authorization", equalTo("Bearer " + OPENAI_KEY))
        .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4.1")))
        .withRequestBody(matchingJsonPath("$.tools[?(@.function.name == 'edit_file')]"))
        .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Read src/A.java"))));
  }

  @Test
  void reasoningModelsGetMaxCompletionTokens() throws Exception {
    sequence(CHAT, json(200, LlmFixtures.openAiText("a")), json(200, LlmFixtures.openAiText("b")));
    chain("openai:gpt-5-mini", env()).chat(request());
    chain("openai:gpt-4.1", env()).chat(request());
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo(CHAT)));
    JsonNode reasoning = body(sent.get(0));
    assertThat(reasoning.path("max_completion_tokens").asInt()).isEqualTo(1024);
    assertThat(reasoning.has("max_tokens")).isFalse();
    assertThat(reasoning.get("tools")).hasSize(7);
    JsonNode classic = body(sent.get(1));
    assertThat(classic.path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(classic.has("max_completion_tokens")).isFalse();
  }

  @Test
  void openAi429WithRetryAfterIsWaitedOutThenSucceeds() {
    sequence(CHAT,
        json(429, LlmFixtures.openAiError("requests", "Rate limit reached for requests", "rate_limit_exceeded"))
            .withHeader("Retry-After", "2"),
        json(200, LlmFixtures.openAiText("Hello after waiting")));
    ChatResponse r = chain("openai:gpt-4.1", env()).chat(request());
    assertThat(r.aiMessage().text()).isEqualTo("Hello after waiting");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    wm.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    sequence(CHAT,
        json(503, LlmFixtures.openAiError("server_error", "The server is overloaded", null))
            .withHeader("Retry-After", "Mon, 02 Mar 2026 10:00:03 GMT"),
        json(200, LlmFixtures.openAiText("ok")));
    ProviderChain model = ModelProviders.fromSpec("openai:gpt-4.1", env(), recordingSleeper, clock);
    assertThat(model.chat(request()).aiMessage().text()).isEqualTo("ok");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retriesReallyWaitWhenNotRecorded() {
    sequence(CHAT,
        json(429, LlmFixtures.openAiError("requests", "Rate limit reached for requests", "rate_limit_exceeded"))
            .withHeader("Retry-After", "1"),
        json(200, LlmFixtures.openAiText("ok")));
    long start = System.nanoTime();
    assertThat(ModelProviders.fromSpec("openai:gpt-4.1", env()).chat(request()).aiMessage().text()).isEqualTo("ok");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void serverErrorsFailOverToTheNextProviderAndSayWhich() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger chainLog = (Logger) LoggerFactory.getLogger(ProviderChain.class);
    chainLog.addAppender(log);
    try {
      wm.stubFor(post(urlPathEqualTo(CHAT)).willReturn(json(500, LlmFixtures.openAiError("server_error", "The server had an error", null))));
      sequence(MESSAGES, json(200, LlmFixtures.anthropicToolUse("toolu_01", "read_file", LlmFixtures.object("{\"path\": \"src/A.java\"}"))));
      ProviderChain model = chain("openai:gpt-4.1, anthropic:claude-haiku-4-5", env("ACS_MODEL_RETRIES", "1"));

      ChatResponse r = model.chat(request());
      assertThat(r.modelName()).isEqualTo("anthropic:claude-haiku-4-5");
      assertThat(r.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("read_file");
      assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(656);
      assertThat(model.currentRoute()).isEqualTo("anthropic:claude-haiku-4-5");
      wm.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
      wm.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES))
          .withHeader("x-api-key", equalTo(ANTHROPIC_KEY))
          .withHeader("anthropic-version", equalTo("2023-06-01"))
          .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5")))
          .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("1024")))
          .withRequestBody(matchingJsonPath("$.tools[?(@.name == 'finish')].input_schema")));
      assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
      assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.contains("openai:gpt-4.1 failed (HTTP 500 after 2 attempts)") && m.contains("failing over to anthropic:claude-haiku-4-5"));
    } finally {
      chainLog.detachAppender(log);
    }
  }

  @Test
  void anthropicRecorded429WithoutRetryAfterBacksOffThenSucceeds() {
    ResponseDefinitionBuilder limited = json(429, LlmFixtures.raw("anthropic/messages.response.error-429.json"));
    LlmFixtures.headers("anthropic/messages.response.error-429.headers.json").forEach(limited::withHeader);
    sequence(MESSAGES, limited, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(LlmFixtures.raw("anthropic/messages.response.text.json")));
    ChatResponse r = chain("anthropic:claude-sonnet-4-5", env()).chat(request());
    assertThat(r.aiMessage().text()).isEqualTo("The weather in San Francisco, CA is currently **68°F and Sunny**. Great day out there!");
    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(770);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    wm.verify(2, postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void anthropicResponsesWithUnknownFieldsParse() {
    // messages.response.tool-use.with-text.json as recorded: text + tool_use, caller, inference_geo, cache_creation.
    sequence(MESSAGES, json(200, LlmFixtures.raw("anthropic/messages.response.tool-use.with-text.json")));
    ChatResponse r = chain("anthropic:claude-sonnet-4-5", env()).chat(request());
    assertThat(r.aiMessage().text()).isNotBlank();
    assertThat(r.aiMessage().toolExecutionRequests()).hasSize(1);
    assertThat(r.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("get_weather");
    assertThat(r.tokenUsage().outputTokenCount()).isPositive();
  }

  @Test
  void anthropicBaseUrlWorksWithAndWithoutV1() {
    sequence(MESSAGES, json(200, LlmFixtures.anthropicText("one")), json(200, LlmFixtures.anthropicText("two")));
    assertThat(chain("anthropic:claude-sonnet-4-5", env("ANTHROPIC_BASE_URL", wm.baseUrl() + "/v1/")).chat(request()).aiMessage().text()).isEqualTo("one");
    assertThat(chain("anthropic:claude-sonnet-4-5", env()).chat(request()).aiMessage().text()).isEqualTo("two");
  }

  @Test
  void ollamaToolCallsAndTextOverApiChat() throws Exception {
    sequence("/api/chat",
        json(200, LlmFixtures.ollamaToolCall("read_file", LlmFixtures.object("{\"path\": \"src/A.java\"}"))),
        json(200, LlmFixtures.ollamaText("It prints hello.")));
    ProviderChain model = chain("ollama:llama3.2", env());
    ChatResponse first = model.chat(request());
    ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("read_file");
    assertThat(Json.MAPPER.readTree(call.arguments()).get("path").asText()).isEqualTo("src/A.java");
    assertThat(first.tokenUsage().inputTokenCount()).isEqualTo(169);
    assertThat(first.tokenUsage().outputTokenCount()).isEqualTo(18);
    assertThat(model.chat(request()).aiMessage().text()).isEqualTo("It prints hello.");
    wm.verify(2, postRequestedFor(urlPathEqualTo("/api/chat"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
        .withRequestBody(matchingJsonPath("$.tools[?(@.function.name == 'read_file')]")));
  }

  @Test
  void ollamaErrorBodyFailsClearly() {
    wm.stubFor(post(urlPathEqualTo("/api/chat")).willReturn(json(404, LlmFixtures.raw("ollama/chat.response.error.json"))));
    assertThatThrownBy(() -> chain("ollama:nope", env()).chat(request()))
        .isInstanceOf(ModelCallException.class)
        .hasMessageContaining("ollama:nope failed (HTTP 404 is not retried)")
        .hasMessageContaining("the model failed to generate a response");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/api/chat")));
  }

  @Test
  void timeoutsAreRetried() {
    sequence(CHAT,
        json(200, LlmFixtures.openAiText("too late")).withFixedDelay(2500),
        json(200, LlmFixtures.openAiText("in time")));
    ProviderChain model = chain("openai:gpt-4.1", env("ACS_MODEL_TIMEOUT_SECONDS", "1"));
    assertThat(model.chat(request()).aiMessage().text()).isEqualTo("in time");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aBadKeyIsNotRetriedAndTheKeyNeverShows() {
    String echoed = "Incorrect API key provided: " + OPENAI_KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.";
    wm.stubFor(post(urlPathEqualTo(CHAT)).willReturn(json(401, LlmFixtures.openAiError("invalid_request_error", echoed, "invalid_api_key"))));
    assertThatThrownBy(() -> chain("openai:gpt-4.1", env()).chat(request()))
        .isInstanceOf(ModelCallException.class)
        .hasMessageContaining("HTTP 401 is not retried")
        .hasMessageContaining("Incorrect API key provided: [REDACTED]")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(OPENAI_KEY));
    wm.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void whenEveryProviderFailsTheErrorNamesEach() {
    wm.stubFor(post(urlPathEqualTo(CHAT)).willReturn(json(500, LlmFixtures.openAiError("server_error", "boom", null))));
    wm.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(json(400, LlmFixtures.raw("anthropic/messages.response.error-400.json"))));
    assertThatThrownBy(() -> chain("openai:gpt-4.1,anthropic:claude-sonnet-4-5", env("ACS_MODEL_RETRIES", "0")).chat(request()))
        .isInstanceOf(ModelCallException.class)
        .hasMessageStartingWith("all model providers failed: openai:gpt-4.1 failed (HTTP 500 after 1 attempts)")
        .hasMessageContaining("anthropic:claude-sonnet-4-5 failed (HTTP 400 is not retried)")
        .hasMessageContaining("invalid_request_error");
  }

  @Test
  void fullCoderRunOverOpenAiEditsAFolderAndFinishes(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve("src"));
    Files.writeString(repo.resolve("src/Greeting.java"), "class Greeting {\n  String greet() {\n    return \"Hello\";\n  }\n}\n");
    sequence(CHAT,
        json(200, LlmFixtures.openAiToolCall("call_1", "read_file", "{\"path\": \"src/Greeting.java\"}")),
        json(200, LlmFixtures.openAiToolCall("call_2", "edit_file",
            "{\"path\": \"src/Greeting.java\", \"search\": \"return \\\"Hello\\\";\", \"replace\": \"return \\\"Hi\\\";\"}")),
        json(200, LlmFixtures.openAiToolCall("call_3", "finish", "{\"summary\": \"greet() returns Hi.\"}")));
    Env env = env();
    BudgetLedger ledger = new BudgetLedger(new Budget(20, 100_000, new BigDecimal("1.00")), PriceTable.fromEnv(env));
    Transcript transcript = Transcript.start("demo#7", SecretRedactor.fromEnv(env));

    CodingResult r = new Coder(chain("openai:gpt-4.1", env))
        .run(new CodingRequest(repo, "Say Hi", "greet() should return Hi", null, null, null, ledger, transcript, null));

    assertThat(r.status()).isEqualTo(CodingStatus.FINISHED);
    assertThat(r.summary()).isEqualTo("greet() returns Hi.");
    assertThat(r.filesChanged()).containsExactly("src/Greeting.java");
    assertThat(Files.readString(repo.resolve("src/Greeting.java"))).contains("return \"Hi\";");
    // Usage is the fixture's (82 in / 17 out per call), priced at gpt-4.1's $2/$8 per million.
    assertThat(r.spend().inputTokens()).isEqualTo(3 * 82);
    assertThat(r.spend().outputTokens()).isEqualTo(3 * 17);
    assertThat(r.spend().costUsd()).isEqualByComparingTo("0.000900");

    List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlPathEqualTo(CHAT)));
    assertThat(requests).hasSize(3);
    JsonNode third = body(requests.get(2));
    JsonNode messages = third.get("messages");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(2).at("/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(messages.get(3).get("content").asText()).contains("3|     return \"Hello\";");
    assertThat(messages.get(5).get("tool_call_id").asText()).isEqualTo("call_2");
    assertThat(messages.get(5).get("content").asText()).startsWith("edited src/Greeting.java at line 3");

    Path written = transcript.writeTo(repo.resolve(".acs/transcripts"));
    assertThat(Files.readString(written)).doesNotContain(OPENAI_KEY).contains("\"model\" : \"openai:gpt-4.1\"");
  }
}
