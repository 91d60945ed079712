package dev.acs.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.Json;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What was said in a task: prompts, every assistant turn (text and tool calls, with the model and
 * token usage), every tool result, and notes. Written as JSON in the format documented in
 * docs/models.md ({@code acs-transcript/1}); {@code replay:FILE} plays the assistant turns of such a
 * file back, so a recorded task can be re-run offline. All text passes a {@link SecretRedactor}
 * on the way in, so a transcript never holds a configured key.
 */
public final class Transcript {
  public static final String FORMAT = "acs-transcript/1";
  static final String DEFAULT_DIR = ".acs/transcripts";

  /** One tool call as the model sent it; {@code arguments} is the raw JSON text, valid or not. */
  public record ToolCall(String id, String name, String arguments) {}

  /** Token counts of one assistant turn. */
  public record Usage(
      @JsonProperty("input_tokens") long inputTokens, @JsonProperty("output_tokens") long outputTokens) {}

  /**
   * One line of the conversation. {@code type} is {@code system}, {@code user}, {@code assistant},
   * {@code tool_result} or {@code note}; the other fields are set as the type needs.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(
      String type,
      String phase,
      String text,
      @JsonProperty("tool_calls") List<ToolCall> toolCalls,
      String model,
      Usage usage,
      @JsonProperty("tool_call_id") String toolCallId,
      @JsonProperty("tool_name") String toolName,
      Boolean error,
      Instant at) {}

  private final String task;
  private final Instant createdAt;
  private final SecretRedactor redactor;
  private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
  /** The file this transcript was written to, per folder: later writes update it. */
  private final java.util.Map<Path, Path> written = new java.util.HashMap<>();

  private Transcript(String task, Instant createdAt, SecretRedactor redactor) {
    this.task = task;
    this.createdAt = createdAt;
    this.redactor = redactor;
  }

  /**
   * @param task a label such as {@code octo/repo#12}; it also names the file
   * @param redactor masks secrets in everything recorded
   */
  public static Transcript start(String task, SecretRedactor redactor) {
    return new Transcript(task, Instant.now(), redactor);
  }

  /** The directory real runs write to: {@code ACS_TRANSCRIPT_DIR}, default {@code ./.acs/transcripts}. */
  public static Path directory(Env env) {
    return Path.of(env.get("ACS_TRANSCRIPT_DIR", DEFAULT_DIR));
  }

  public String task() {
    return task;
  }

  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  public void system(String phase, String text) {
    add(new Entry("system", phase, clean(text), null, null, null, null, null, null, Instant.now()));
  }

  public void user(String phase, String text) {
    add(new Entry("user", phase, clean(text), null, null, null, null, null, null, Instant.now()));
  }

  public void assistant(String phase, AiMessage message, String model, TokenUsage usage) {
    List<ToolCall> calls = null;
    if (message == null) {
      message = AiMessage.from("");
    }
    if (message.hasToolExecutionRequests()) {
      calls = new ArrayList<>();
      for (ToolExecutionRequest r : message.toolExecutionRequests()) {
        calls.add(new ToolCall(r.id(), r.name(), clean(r.arguments())));
      }
    }
    Usage u = null;
    if (usage != null) {
      u = new Usage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
    }
    add(new Entry("assistant", phase, clean(message.text()), calls, model, u, null, null, null, Instant.now()));
  }

  public void toolResult(String phase, String toolCallId, String toolName, String text, boolean error) {
    add(new Entry("tool_result", phase, clean(text), null, null, null, toolCallId, toolName, error, Instant.now()));
  }

  public void note(String phase, String text) {
    add(new Entry("note", phase, clean(text), null, null, null, null, null, null, Instant.now()));
  }

  private void add(Entry e) {
    entries.add(e);
  }

  /** The text with the secrets this transcript masks masked, for logs that quote model output. */
  String redacted(String text) {
    return clean(text);
  }

  private String clean(String text) {
    return text == null ? null : redactor.redact(text);
  }

  private static long orZero(Integer i) {
    return i == null ? 0 : i;
  }

  public String toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("task", task);
    root.put("created_at", createdAt.toString());
    ArrayNode list = root.putArray("entries");
    for (Entry e : entries()) {
      list.add(Json.MAPPER.valueToTree(e));
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("transcript does not serialise", e);
    }
  }

  /**
   * Writes the transcript into {@code dir} and returns its path: a new file the first time, the
   * same file again on later calls (a run saves after each phase; one file per run, not one per
   * save), nothing while there are no entries (then null).
   */
  public synchronized Path writeTo(Path dir) throws IOException {
    if (entries.isEmpty()) {
      return null;
    }
    Path file = written.get(dir.toAbsolutePath().normalize());
    if (file == null) {
      Files.createDirectories(dir);
      String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(createdAt);
      String base = task.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + stamp;
      file = dir.resolve(base + ".json");
      for (int n = 2; Files.exists(file); n++) {
        file = dir.resolve(base + "-" + n + ".json");
      }
      Files.writeString(file, toJson(), StandardOpenOption.CREATE_NEW);
      written.put(dir.toAbsolutePath().normalize(), file);
      return file;
    }
    // Whole or not at all: a reader (acs replay, the task page) never sees half a file.
    Path next = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(next, toJson());
    Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /**
   * Reads a transcript file. Scripted files may leave out everything but {@code entries}, the
   * {@code type} of each and what the assistant says; tool call ids are then made up and {@code
   * arguments} may be a JSON object instead of a string.
   *
   * @throws ConfigException with the place of the problem when the file is not a transcript
   */
  public static Transcript read(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("transcript " + file + " is not readable JSON: " + e.getMessage());
    }
    String where = "transcript " + file;
    if (root == null || !root.isObject()) {
      throw new ConfigException(where + ": expected a JSON object with \"entries\"");
    }
    if (root.hasNonNull("format") && !FORMAT.equals(root.get("format").asText())) {
      throw new ConfigException(where + ": format is '" + root.get("format").asText() + "', expected " + FORMAT);
    }
    JsonNode list = root.get("entries");
    if (list == null || !list.isArray()) {
      throw new ConfigException(where + ": \"entries\" must be an array");
    }
    Instant created = Instant.now();
    if (root.hasNonNull("created_at")) {
      try {
        created = Instant.parse(root.get("created_at").asText());
      } catch (RuntimeException ignored) {
        // A hand-written date is not worth refusing the file for.
      }
    }
    Transcript t = new Transcript(root.path("task").asText("replay"), created, SecretRedactor.patternsOnly());
    for (int i = 0; i < list.size(); i++) {
      t.entries.add(readEntry(list.get(i), where + ": entries[" + i + "]", i));
    }
    return t;
  }

  private static Entry readEntry(JsonNode n, String where, int index) {
    if (!n.isObject()) {
      throw new ConfigException(where + " is not an object");
    }
    String type = n.path("type").asText("");
    if (!List.of("system", "user", "assistant", "tool_result", "note").contains(type)) {
      throw new ConfigException(
          where + ": type '" + type + "' is not one of system, user, assistant, tool_result, note");
    }
    String text = n.hasNonNull("text") ? textOf(n.get("text"), where + ".text") : null;
    List<ToolCall> calls = null;
    if (n.hasNonNull("tool_calls")) {
      JsonNode arr = n.get("tool_calls");
      if (!arr.isArray()) {
        throw new ConfigException(where + ".tool_calls must be an array");
      }
      calls = new ArrayList<>();
      for (int j = 0; j < arr.size(); j++) {
        calls.add(readCall(arr.get(j), where + ".tool_calls[" + j + "]", "replay-" + index + "-" + j));
      }
    }
    Usage usage = null;
    if (n.hasNonNull("usage")) {
      JsonNode u = n.get("usage");
      usage = new Usage(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0));
    }
    return new Entry(
        type,
        n.hasNonNull("phase") ? n.get("phase").asText() : null,
        text,
        calls,
        n.hasNonNull("model") ? n.get("model").asText() : null,
        usage,
        n.hasNonNull("tool_call_id") ? n.get("tool_call_id").asText() : null,
        n.hasNonNull("tool_name") ? n.get("tool_name").asText() : null,
        n.hasNonNull("error") ? n.get("error").asBoolean() : null,
        null);
  }

  private static ToolCall readCall(JsonNode c, String where, String fallbackId) {
    if (!c.isObject()) {
      throw new ConfigException(where + " is not an object with name and arguments");
    }
    JsonNode name = c.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new ConfigException(where + " has no name");
    }
    JsonNode args = c.get("arguments");
    String arguments;
    if (args == null || args.isNull()) {
      arguments = "{}";
    } else if (args.isTextual()) {
      // Kept as written, even when it is not valid JSON: that is how models misbehave.
      arguments = args.asText();
    } else if (args.isObject()) {
      arguments = args.toString();
    } else {
      throw new ConfigException(where + ".arguments must be a JSON object or a string, not " + args.getNodeType());
    }
    String id = c.hasNonNull("id") ? c.get("id").asText() : fallbackId;
    return new ToolCall(id, name.asText(), arguments);
  }

  private static String textOf(JsonNode n, String where) {
    if (!n.isTextual()) {
      throw new ConfigException(where + " must be a string");
    }
    return n.asText();
  }
}
