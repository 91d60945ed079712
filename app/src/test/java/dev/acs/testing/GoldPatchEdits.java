package dev.acs.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import dev.acs.policy.UnifiedDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a unified diff (a task's gold patch) into the tool calls a model would make through ACS's
 * edit tools, parsed with ACS's own {@link UnifiedDiff}: one {@code edit_file} per hunk of a
 * modified file, searching the hunk's old side (context and removed lines) and replacing it with
 * its new side; {@code create_file} for an added file, {@code delete_file} for a removed one. And
 * into a {@code replay:} script that plans and then makes those calls.
 */
public final class GoldPatchEdits {
  private GoldPatchEdits() {}

  /** One tool call: {@code tool} is edit_file, create_file or delete_file. */
  public record Edit(String tool, String path, String search, String replace) {
    ObjectNode arguments() {
      ObjectNode args = Json.MAPPER.createObjectNode().put("path", path);
      switch (tool) {
        case "edit_file" -> args.put("search", search).put("replace", replace);
        case "create_file" -> args.put("content", replace);
        default -> { }
      }
      return args;
    }
  }

  public static List<Edit> of(String unifiedDiff) {
    List<Edit> edits = new ArrayList<>();
    for (UnifiedDiff.FileDiff f : UnifiedDiff.parse(unifiedDiff).files()) {
      switch (f.status()) {
        case ADDED -> edits.add(new Edit("create_file", f.newPath(), null, side(f.hunks(), UnifiedDiff.Kind.ADDED)));
        case REMOVED -> edits.add(new Edit("delete_file", f.oldPath(), null, null));
        case MODIFIED -> {
          for (UnifiedDiff.Hunk h : f.hunks()) {
            edits.add(new Edit("edit_file", f.newPath(), side(List.of(h), UnifiedDiff.Kind.REMOVED), side(List.of(h), UnifiedDiff.Kind.ADDED)));
          }
        }
        case RENAMED -> throw new IllegalArgumentException(f.oldPath() + " → " + f.newPath() + ": ACS's tools have no rename");
        default -> throw new IllegalArgumentException("unknown change " + f.status());
      }
    }
    return edits;
  }

  /** The text of the context lines and the lines of {@code kind}, in order, each ending in a newline. */
  private static String side(List<UnifiedDiff.Hunk> hunks, UnifiedDiff.Kind kind) {
    StringBuilder sb = new StringBuilder();
    for (UnifiedDiff.Hunk h : hunks) {
      for (UnifiedDiff.Line l : h.lines()) {
        if (l.kind() == UnifiedDiff.Kind.CONTEXT || l.kind() == kind) {
          sb.append(l.text()).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /**
   * A replay script ({@code acs-transcript/1}, see docs/models.md): a plan naming the patch's files,
   * one assistant turn per edit, then finish.
   */
  public static String replayScript(String unifiedDiff, String summary, String verification) {
    List<Edit> edits = of(unifiedDiff);
    ObjectNode root = Json.MAPPER.createObjectNode().put("format", "acs-transcript/1").put("task", "gold patch");
    ArrayNode entries = root.putArray("entries");
    ObjectNode plan = Json.MAPPER.createObjectNode().put("summary", summary).put("verification", verification);
    ArrayNode steps = plan.putArray("steps");
    ArrayNode files = plan.putArray("files");
    for (Edit e : edits) {
      if (!containsText(files, e.path())) {
        files.add(e.path());
        steps.add("Change " + e.path());
      }
    }
    plan.putArray("risks").add("The gold patch is replayed as it is");
    turn(entries, "plan", "submit_plan", plan);
    for (Edit e : edits) {
      turn(entries, "code", e.tool(), e.arguments());
    }
    turn(entries, "code", "finish", Json.MAPPER.createObjectNode().put("summary", summary));
    return root.toPrettyString();
  }

  private static boolean containsText(ArrayNode array, String text) {
    for (var n : array) {
      if (n.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }

  private static void turn(ArrayNode entries, String phase, String tool, ObjectNode arguments) {
    ObjectNode entry = entries.addObject().put("type", "assistant").put("phase", phase);
    entry.putArray("tool_calls").addObject().put("name", tool).set("arguments", arguments);
  }
}
