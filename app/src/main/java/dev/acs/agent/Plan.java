package dev.acs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.workspace.ConfinedFiles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The plan a model made for a task, validated: every field present and non-empty, files given as
 * repository paths.
 *
 * @param summary one line
 * @param steps concrete actions, in order
 * @param files paths likely touched, relative to the repository root
 * @param risks what could go wrong
 * @param verification how the change will be checked
 */
public record Plan(String summary, List<String> steps, List<String> files, List<String> risks, String verification) {
  static final int MAX_STEPS = 30;

  public Plan {
    steps = List.copyOf(steps);
    files = List.copyOf(files);
    risks = List.copyOf(risks);
  }

  /**
   * Reads a plan from the model's JSON.
   *
   * @throws IllegalArgumentException listing every problem, worded for the model to fix
   */
  static Plan fromJson(JsonNode n) {
    List<String> problems = new ArrayList<>();
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the plan must be a JSON object with summary, steps, files, risks, verification");
    }
    String summary = text(n, "summary", problems);
    List<String> steps = list(n, "steps", problems);
    List<String> files = list(n, "files", problems);
    List<String> risks = list(n, "risks", problems);
    String verification = text(n, "verification", problems);
    if (steps.size() > MAX_STEPS) {
      problems.add("\"steps\" has " + steps.size() + " entries; keep it to " + MAX_STEPS + " or fewer");
    }
    List<String> normalised = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      try {
        String p = ConfinedFiles.normalize(files.get(i));
        if (p.isEmpty()) {
          problems.add("\"files[" + i + "]\" is not a file path");
        }
        normalised.add(p);
      } catch (ConfinedFiles.Rejected e) {
        problems.add("\"files[" + i + "]\": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new Plan(summary, steps, normalised, risks, verification);
  }

  private static String text(JsonNode n, String field, List<String> problems) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      problems.add("\"" + field + "\" is missing");
      return "";
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      problems.add("\"" + field + "\" must be a non-empty string");
      return "";
    }
    return v.asText().strip();
  }

  private static List<String> list(JsonNode n, String field, List<String> problems) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      problems.add("\"" + field + "\" is missing");
      return List.of();
    }
    if (!v.isArray() || v.isEmpty()) {
      problems.add("\"" + field + "\" must be a non-empty array of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || e.asText().isBlank()) {
        problems.add("\"" + field + "[" + i + "]\" must be a non-empty string");
      } else {
        out.add(e.asText().strip());
      }
    }
    return out;
  }

  /**
   * The plan as a Markdown checklist for the issue comment.
   *
   * @param doneSteps numbers (1-based) of the steps to tick
   */
  public String toMarkdownChecklist(Collection<Integer> doneSteps) {
    StringBuilder b = new StringBuilder();
    b.append("**Plan:** ").append(inline(summary)).append("\n\n");
    for (int i = 0; i < steps.size(); i++) {
      boolean done = doneSteps != null && doneSteps.contains(i + 1);
      b.append("- [").append(done ? 'x' : ' ').append("] ").append(inline(steps.get(i))).append('\n');
    }
    b.append("\n**Files likely touched:** ");
    b.append(String.join(", ", files.stream().map(f -> "`" + f.replace("`", "") + "`").toList()));
    b.append("\n\n**Risks:**\n");
    for (String r : risks) {
      b.append("- ").append(inline(r)).append('\n');
    }
    b.append("\n**How it will be checked:** ").append(inline(verification)).append('\n');
    return b.toString();
  }

  /**
   * Model text made safe for one Markdown line of a bot comment: no line breaks, no HTML (which
   * could forge the bot's hidden comment markers), no @-mentions that would ping people.
   */
  static String inline(String s) {
    return s.replaceAll("\\s+", " ")
        .strip()
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replaceAll("@(?=[A-Za-z0-9])", "@\u200B");
  }
}
