package dev.acs.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.agent.Transcript;
import dev.acs.config.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The transcript of a task turned into what a person reads: the prompts folded away, what the
 * model said, each tool call with its arguments (an edit as a coloured diff), each tool result,
 * and check results marked as such.
 */
public final class SessionView {
  /**
   * One block of the session. {@code kind}: {@code prompt}, {@code said}, {@code call}, {@code
   * result}, {@code check} or {@code note}; {@code lines} is the coloured body (may be empty).
   */
  public record Item(int index, String kind, String title, String phase, String text, List<CodeLines.Line> lines, boolean error) {}

  private SessionView() {}

  public static List<Item> of(List<Transcript.Entry> entries) {
    List<Item> out = new ArrayList<>();
    for (Transcript.Entry e : entries) {
      String phase = e.phase() == null ? "" : e.phase();
      switch (e.type()) {
        case "system", "user" -> out.add(new Item(out.size(), "prompt", "system".equals(e.type()) ? "Instructions to the model" : "Task given to the model",
            phase, e.text(), List.of(), false));
        case "assistant" -> {
          if (e.text() != null && !e.text().isBlank()) {
            out.add(new Item(out.size(), "said", "The model" + (e.model() == null ? "" : " (" + e.model() + ")"), phase, e.text(), List.of(), false));
          }
          if (e.toolCalls() != null) {
            for (Transcript.ToolCall c : e.toolCalls()) {
              out.add(call(out.size(), phase, c));
            }
          }
        }
        case "tool_result" -> out.add(result(out.size(), phase, e));
        default -> out.add(new Item(out.size(), "note", "Note", phase, e.text(), List.of(), false));
      }
    }
    return out;
  }

  private static Item call(int index, String phase, Transcript.ToolCall c) {
    JsonNode args = parse(c.arguments());
    String path = args.path("path").asText("");
    String title = c.name() + (path.isEmpty() ? "" : " " + path);
    List<CodeLines.Line> lines = switch (c.name()) {
      case "edit_file" -> CodeLines.change(path, args.path("search").asText(null), args.path("replace").asText(null));
      case "create_file" -> CodeLines.change(path, null, args.path("content").asText(null));
      default -> CodeLines.code(pretty(args, c.arguments()));
    };
    return new Item(index, "call", title, phase, null, lines, false);
  }

  private static Item result(int index, String phase, Transcript.Entry e) {
    String tool = e.toolName() == null ? "tool" : e.toolName();
    boolean error = Boolean.TRUE.equals(e.error());
    String text = e.text() == null ? "" : e.text();
    List<CodeLines.Line> lines = CodeLines.looksLikeDiff(text) ? CodeLines.diff(text) : CodeLines.code(text);
    boolean check = "run_checks".equals(tool);
    String title = check ? "Check results" + (error ? " (failed)" : "") : "Result of " + tool + (error ? " (error)" : "");
    return new Item(index, check ? "check" : "result", title, phase, null, lines, error);
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode n = Json.MAPPER.readTree(json == null ? "{}" : json);
      return n == null ? Json.MAPPER.missingNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.missingNode(); // models send broken JSON; the raw text is shown instead
    }
  }

  private static String pretty(JsonNode args, String raw) {
    if (args.isMissingNode()) {
      return raw;
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(args);
    } catch (IOException e) {
      return raw;
    }
  }
}
