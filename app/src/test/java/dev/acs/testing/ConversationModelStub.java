package dev.acs.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.acs.config.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A scripted model on OpenAI's wire format that answers from the conversation it is sent, not
 * from a counter: the request's phase (plan, implementation, repair... told apart by what the
 * request contains) picks a script, and the number of tool results already in the conversation
 * picks the turn. So a process killed mid-conversation and restarted gets the same answers again
 * for the same conversation, which a sequence of answers could not give. Bodies are variants of
 * OpenAI's documented examples ({@link LlmFixtures}).
 */
public final class ConversationModelStub implements AutoCloseable {
  private static final String TRANSFORMER = "acs-conversation";

  /** A script for the requests whose body satisfies {@code matches}. */
  public record Phase(String name, Predicate<String> matches, List<ModelApiStub.Turn> turns) {}

  private final WireMockServer server;
  private final List<Phase> phases = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  private ConversationModelStub() {
    server = new WireMockServer(options().dynamicPort().extensions(new Answer()));
    server.start();
    server.stubFor(post(urlPathEqualTo(ModelApiStub.OPENAI_PATH)).willReturn(aResponse().withTransformers(TRANSFORMER)));
  }

  public static ConversationModelStub start() {
    return new ConversationModelStub();
  }

  /** Adds a phase; phases are tried in the order added. */
  public ConversationModelStub phase(String name, Predicate<String> matches, List<ModelApiStub.Turn> turns) {
    phases.add(new Phase(name, matches, turns));
    return this;
  }

  /** What {@code OPENAI_BASE_URL} should be. */
  public String openAiBaseUrl() {
    return server.baseUrl() + "/v1";
  }

  /**
   * Answers to requests containing {@code bodyContains} come {@code delay} late from now on
   * (until {@link #removeHold}): a test kills the client while it waits.
   */
  public UUID holdAnswers(StringValuePattern body, Duration delay) {
    MappingBuilder m = post(urlPathEqualTo(ModelApiStub.OPENAI_PATH)).atPriority(1).withRequestBody(body);
    return server.stubFor(m.willReturn(aResponse().withFixedDelay((int) delay.toMillis()).withTransformers(TRANSFORMER))).getId();
  }

  /** Every answer is {@code status} with an OpenAI error body from now on (until {@link #removeHold}). */
  public UUID failAll(int status, String type, String code) {
    return server.stubFor(post(urlPathEqualTo(ModelApiStub.OPENAI_PATH)).atPriority(1).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(LlmFixtures.openAiError(type, "stub: " + code, code)))).getId();
  }

  public void removeHold(UUID id) {
    server.removeStubMapping(server.getStubMapping(id).getItem());
  }

  /** Requests whose body matches, so far. */
  public int requestsMatching(StringValuePattern body) {
    return server.findAll(postRequestedFor(urlPathEqualTo(ModelApiStub.OPENAI_PATH)).withRequestBody(body)).size();
  }

  /** A request that offers the model the tool {@code name}. */
  public static StringValuePattern offering(String tool) {
    return matchingJsonPath("$.tools[?(@.function.name == '" + tool + "')]");
  }

  /** The same, as a phase's test of a request body. */
  public static Predicate<String> offers(String tool) {
    return body -> {
      for (JsonNode t : readTree(body).path("tools")) {
        if (tool.equals(t.path("function").path("name").asText())) {
          return true;
        }
      }
      return false;
    };
  }

  public int requests() {
    return server.findAll(postRequestedFor(urlPathEqualTo(ModelApiStub.OPENAI_PATH))).size();
  }

  @Override
  public void close() {
    try {
      if (!problems.isEmpty()) {
        throw new AssertionError("the model stub could not answer: " + problems);
      }
    } finally {
      server.stop();
    }
  }

  private final class Answer implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return TRANSFORMER;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      String body = event.getRequest().getBodyAsString();
      for (Phase p : phases) {
        if (p.matches().test(body)) {
          int turn = Math.min(toolResults(body), p.turns().size() - 1);
          ModelApiStub.Turn t = p.turns().get(turn);
          String answer = t.tool() != null
              ? LlmFixtures.openAiToolCall("call_" + p.name() + turn, t.tool(), t.arguments())
              : LlmFixtures.openAiText(t.text());
          return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like(event.getResponseDefinition())
              .withStatus(200).withHeader("Content-Type", "application/json").withBody(answer).build();
        }
      }
      problems.add("no phase matches a request of " + body.length() + " characters");
      return ResponseDefinition.notFound();
    }
  }

  private static int toolResults(String body) {
    int n = 0;
    for (JsonNode m : readTree(body).path("messages")) {
      if ("tool".equals(m.path("role").asText())) {
        n++;
      }
    }
    return n;
  }

  private static JsonNode readTree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The turns of all phases, for a look in a failure message. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    phases.forEach(p -> out.add(p.name() + ":" + p.turns().size()));
    return out;
  }
}
