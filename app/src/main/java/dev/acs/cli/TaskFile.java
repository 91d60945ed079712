package dev.acs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The task of {@code acs run --task FILE}, like an issue: a title and a body (and the issue
 * number, when the file says so). Two formats, told apart by the first character:
 *
 * <ul>
 *   <li>Markdown or plain text: the first non-blank line is the title (leading {@code #} dropped),
 *       the rest is the body.
 *   <li>JSON: {@code {"title": …, "body": …, "issue": 12}}; also a benchmark task record:
 *       Multi-SWE-bench's ({@code resolved_issues[0]}: title, body, number, preferred over the
 *       record's own pull-request title and body, which may give the fix away) or SWE-bench's
 *       ({@code problem_statement}, whose first line becomes the title).
 * </ul>
 */
public record TaskFile(String title, String body, int issue) {
  static final long MAX_BYTES = 1024 * 1024;
  static final int MAX_TITLE = 256;

  public static TaskFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("task file " + file + " does not exist (give a Markdown or JSON file: see docs/usage.md, \"Local mode\")");
    }
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new UserError("task file " + file + " is larger than 1 MiB");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new UserError("task file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UserError("task file " + file + " cannot be read: " + e.getMessage());
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new UserError("task file " + file + " is empty: write the task's title on the first line and details below it");
    }
    TaskFile task = trimmed.startsWith("{") ? fromJson(trimmed, file) : fromText(trimmed);
    if (task.title().isBlank()) {
      throw new UserError("task file " + file + " has no title");
    }
    return task;
  }

  static TaskFile fromText(String text) {
    String[] lines = text.split("\r?\n", 2);
    String title = lines[0].replaceFirst("^#+\\s*", "").strip();
    return new TaskFile(cut(title), lines.length > 1 ? lines[1].strip() : "", 0);
  }

  static TaskFile fromJson(String text, Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserError("task file " + file + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (!root.isObject()) {
      throw new UserError("task file " + file + " must hold a JSON object with title and body");
    }
    JsonNode issue = root.path("resolved_issues").path(0);
    if (issue.isObject() && issue.hasNonNull("title")) {
      return new TaskFile(cut(issue.get("title").asText()), issue.path("body").asText(""), issue.path("number").asInt(0));
    }
    if (root.hasNonNull("problem_statement")) {
      TaskFile t = fromText(root.get("problem_statement").asText());
      return new TaskFile(t.title(), t.body(), root.path("issue").asInt(0));
    }
    if (root.hasNonNull("title")) {
      return new TaskFile(cut(root.get("title").asText()), root.path("body").asText(""), root.path("issue").asInt(0));
    }
    throw new UserError("task file " + file + " has no \"title\" (or \"problem_statement\", or \"resolved_issues\")");
  }

  private static String cut(String title) {
    String t = title.replaceAll("\\s+", " ").strip();
    return t.length() > MAX_TITLE ? t.substring(0, MAX_TITLE - 1) + "…" : t;
  }
}
