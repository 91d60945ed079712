package dev.acs.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small server-side colouring for code in the session view: diff lines by their first
 * character, and in them keywords, strings and comments of the C-family languages most
 * repositories are written in. It only splits text into classed pieces; the template escapes
 * every piece, so nothing the model wrote can become markup.
 */
public final class CodeLines {
  /** A piece of a line; {@code kind} is empty, {@code kw}, {@code str} or {@code com}. */
  public record Span(String kind, String text) {}

  /** One line; {@code kind} is {@code add}, {@code del}, {@code hunk}, {@code file} or {@code ctx}. */
  public record Line(String kind, List<Span> spans) {}

  private static final Set<String> KEYWORDS = Set.of(
      "abstract", "async", "await", "boolean", "break", "case", "catch", "class", "const", "continue", "def", "default",
      "do", "double", "elif", "else", "enum", "export", "extends", "false", "final", "finally", "fn", "for", "from",
      "func", "function", "if", "implements", "import", "in", "int", "interface", "let", "long", "new", "null",
      "package", "private", "protected", "public", "record", "return", "static", "struct", "super", "switch", "this",
      "throw", "throws", "true", "try", "type", "val", "var", "void", "while", "yield", "None", "True", "False");
  private static final Pattern TOKENS =
      Pattern.compile("(//.*$|#.*$|/\\*.*?\\*/)|(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')|([A-Za-z_][A-Za-z0-9_]*)");
  private static final int MAX_LINES = 400;

  private CodeLines() {}

  /** A unified diff (or any text whose lines start with +, -, @@). */
  public static List<Line> diff(String text) {
    List<Line> out = new ArrayList<>();
    for (String line : lines(text)) {
      String kind = line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ") ? "file"
          : line.startsWith("@@") ? "hunk"
          : line.startsWith("+") ? "add"
          : line.startsWith("-") ? "del"
          : "ctx";
      out.add(new Line(kind, "file".equals(kind) || "hunk".equals(kind) ? List.of(new Span("", line)) : highlight(line)));
    }
    return out;
  }

  /** The search block as removed lines and the replacement as added ones ({@code edit_file}). */
  public static List<Line> change(String path, String removed, String added) {
    StringBuilder sb = new StringBuilder("--- a/").append(path).append("\n+++ b/").append(path).append('\n');
    if (removed != null) {
      lines(removed).forEach(l -> sb.append('-').append(l).append('\n'));
    }
    if (added != null) {
      lines(added).forEach(l -> sb.append('+').append(l).append('\n'));
    }
    return diff(sb.toString());
  }

  /** Plain code or output: keywords, strings and comments coloured, no diff marks. */
  public static List<Line> code(String text) {
    return lines(text).stream().map(l -> new Line("ctx", highlight(l))).toList();
  }

  /** True when most of the text reads as a unified diff. */
  public static boolean looksLikeDiff(String text) {
    return text != null && (text.startsWith("--- ") || text.startsWith("diff --git") || text.contains("\n@@ "));
  }

  static List<Span> highlight(String line) {
    List<Span> spans = new ArrayList<>();
    Matcher m = TOKENS.matcher(line);
    int at = 0;
    while (m.find()) {
      String kind = m.group(1) != null ? "com" : m.group(2) != null ? "str" : KEYWORDS.contains(m.group(3)) ? "kw" : null;
      if (kind == null) {
        continue;
      }
      if (m.start() > at) {
        spans.add(new Span("", line.substring(at, m.start())));
      }
      spans.add(new Span(kind, m.group()));
      at = m.end();
    }
    if (at < line.length() || spans.isEmpty()) {
      spans.add(new Span("", line.substring(at)));
    }
    return spans;
  }

  private static List<String> lines(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<String> all = text.lines().toList();
    if (all.size() <= MAX_LINES) {
      return all;
    }
    List<String> cut = new ArrayList<>(all.subList(0, MAX_LINES));
    cut.add("… " + (all.size() - MAX_LINES) + " more lines");
    return cut;
  }
}
