package dev.acs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provider response bodies for WireMock, read from the shared fixtures
 * ({@code ../shared/fixtures/llm-api}, see its README) and, where a test needs our tools instead of
 * the fixture's {@code get_weather}, changed in code: only the tool name, id, arguments or text are
 * replaced, so the shape stays the provider's. Each method names the fixture it starts from.
 */
public final class LlmFixtures {
  private LlmFixtures() {}

  public static Path dir() {
    return SharedFolder.require("fixtures/llm-api");
  }

  public static String raw(String file) {
    try {
      return Files.readString(dir().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException("fixture " + file + " is missing under " + dir(), e);
    }
  }

  public static ObjectNode json(String file) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(raw(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Variant of openai/chat-completions.response.tool-calls.json: our tool, id and arguments. */
  public static String openAiToolCall(String id, String name, String argumentsJson) {
    ObjectNode body = json("openai/chat-completions.response.tool-calls.json");
    ObjectNode call = (ObjectNode) body.at("/choices/0/message/tool_calls/0");
    call.put("id", id);
    ((ObjectNode) call.get("function")).put("name", name).put("arguments", argumentsJson);
    return body.toString();
  }

  /** Variant of openai/chat-completions.response.text.json with another answer text. */
  public static String openAiText(String text) {
    ObjectNode body = json("openai/chat-completions.response.text.json");
    ((ObjectNode) body.at("/choices/0/message")).put("content", text);
    return body.toString();
  }

  /**
   * SYNTHETIC: OpenAI publishes no error example, only the schema in
   * openai/errors.schema-excerpt.json ({@code error.type, message, param, code}, all required).
   */
  public static String openAiError(String type, String message, String code) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.put("message", message).put("type", type).putNull("param").put("code", code);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("error", error);
    return body.toString();
  }

  /** Variant of anthropic/messages.response.tool-use.json (keeps caller, inference_geo): our tool. */
  public static String anthropicToolUse(String id, String name, ObjectNode input) {
    ObjectNode body = json("anthropic/messages.response.tool-use.json");
    ObjectNode block = (ObjectNode) body.at("/content/0");
    block.put("id", id).put("name", name).set("input", input);
    return body.toString();
  }

  /** Variant of anthropic/messages.response.text.json with another answer text. */
  public static String anthropicText(String text) {
    ObjectNode body = json("anthropic/messages.response.text.json");
    ((ObjectNode) body.at("/content/0")).put("text", text);
    return body.toString();
  }

  /**
   * The headers of a recorded response file ({@code *.headers.json}), without content-length
   * (it belongs to the original compact body, per the fixture README).
   */
  public static Map<String, String> headers(String file) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode h = json(file).get("headers");
    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equalsIgnoreCase("content-length")) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  /** Variant of ollama/chat.response.tool-calls.json: our tool and arguments. */
  public static String ollamaToolCall(String name, ObjectNode arguments) {
    ObjectNode body = json("ollama/chat.response.tool-calls.json");
    ObjectNode fn = (ObjectNode) body.at("/message/tool_calls/0/function");
    fn.put("name", name).set("arguments", arguments);
    return body.toString();
  }

  /** Variant of ollama/chat.response.text.json with another answer text. */
  public static String ollamaText(String text) {
    ObjectNode body = json("ollama/chat.response.text.json");
    ((ObjectNode) body.get("message")).put("content", text);
    return body.toString();
  }

  public static ObjectNode object(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ArrayNode array(JsonNode n) {
    return (ArrayNode) n;
  }
}
