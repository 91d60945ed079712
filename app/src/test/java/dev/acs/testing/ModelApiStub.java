package dev.acs.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * WireMock in place of a model provider, answering a scripted conversation turn by turn in the
 * provider's wire format: OpenAI Chat Completions ({@code POST /v1/chat/completions}) or Anthropic
 * Messages ({@code POST /v1/messages}). Each answer is a variant of a published response from
 * {@code ../shared/fixtures/llm-api} (see {@link LlmFixtures}): only the tool name, call id,
 * arguments or text change. The script is played in order whatever is asked; a request after the
 * last turn is unmatched and fails the test in {@link #close()}.
 */
public final class ModelApiStub implements AutoCloseable {
  public static final String OPENAI_PATH = "/v1/chat/completions";
  public static final String ANTHROPIC_PATH = "/v1/messages";
  public static final String OPENAI_KEY = "sk-test-openai-0123456789abcdef";
  public static final String ANTHROPIC_KEY = "sk-ant-test-0123456789abcdef";

  /** One assistant turn: a tool call ({@code tool} and its JSON arguments) or plain text. */
  public record Turn(String tool, String arguments, String text) {}

  public static Turn call(String tool, String argumentsJson) {
    return new Turn(tool, argumentsJson, null);
  }

  public static Turn text(String text) {
    return new Turn(null, null, text);
  }

  private final WireMockServer server;

  private ModelApiStub() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  public static ModelApiStub start() {
    return new ModelApiStub();
  }

  /** What {@code OPENAI_BASE_URL} should be. */
  public String openAiBaseUrl() {
    return server.baseUrl() + "/v1";
  }

  /** What {@code ANTHROPIC_BASE_URL} should be. */
  public String anthropicBaseUrl() {
    return server.baseUrl();
  }

  public WireMockServer wireMock() {
    return server;
  }

  /** Plays {@code turns} as OpenAI chat completions (variants of chat-completions.response.*.json). */
  public ModelApiStub openAi(List<Turn> turns) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      bodies.add(t.tool() != null ? LlmFixtures.openAiToolCall("call_acs" + i, t.tool(), t.arguments()) : LlmFixtures.openAiText(t.text()));
    }
    sequence(OPENAI_PATH, bodies);
    return this;
  }

  /** Plays {@code turns} as Anthropic messages (variants of messages.response.*.json). */
  public ModelApiStub anthropic(List<Turn> turns) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      bodies.add(t.tool() != null
          ? LlmFixtures.anthropicToolUse("toolu_acs" + i, t.tool(), LlmFixtures.object(t.arguments()))
          : LlmFixtures.anthropicText(t.text()));
    }
    sequence(ANTHROPIC_PATH, bodies);
    return this;
  }

  private void sequence(String path, List<String> bodies) {
    for (int i = 0; i < bodies.size(); i++) {
      server.stubFor(post(urlPathEqualTo(path))
          .inScenario(path)
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn" + i)
          .willSetStateTo("turn" + (i + 1))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(bodies.get(i))));
    }
  }

  /** The request bodies sent to {@code path}, oldest first. */
  public List<JsonNode> requests(String path) {
    List<JsonNode> out = new ArrayList<>();
    for (LoggedRequest r : server.findAll(postRequestedFor(urlPathEqualTo(path)))) {
      try {
        out.add(Json.MAPPER.readTree(r.getBodyAsString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The headers of the requests to {@code path}, e.g. to check the API key went along. */
  public List<LoggedRequest> loggedRequests(String path) {
    return server.findAll(postRequestedFor(urlPathEqualTo(path)));
  }

  /** Stops the server; fails when a request found no scripted turn. */
  @Override
  public void close() {
    try {
      List<LoggedRequest> unmatched = server.findAllUnmatchedRequests();
      if (!unmatched.isEmpty()) {
        StringBuilder sb = new StringBuilder("the model stub got requests beyond its script:");
        for (LoggedRequest r : unmatched) {
          sb.append("\n  ").append(r.getMethod()).append(' ').append(r.getUrl());
        }
        throw new AssertionError(sb.toString());
      }
    } finally {
      server.stop();
    }
  }
}
