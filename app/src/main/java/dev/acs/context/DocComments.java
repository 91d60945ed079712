package dev.acs.context;

import dev.acs.context.OutlineGrammar.DocStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The first line of a declaration's doc comment. Read from the lines of the source rather than
 * from the syntax tree: grammars attach comments to whatever node happens to end before them (the
 * import list in Kotlin, the enclosing module in Ruby), while "the comment lines right above the
 * declaration" means the same thing in every language.
 */
final class DocComments {
  static final int MAX_LENGTH = 120;
  private static final Pattern CREF = Pattern.compile("<see(?:also)?\\s+(?:c|lang)?ref=\"(?:[A-Z]:)?([^\"]+)\"\\s*/>");
  private static final Pattern XML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
  /** Comments that are instructions to tools, not documentation. */
  private static final Pattern DIRECTIVE = Pattern.compile(
      "^(?://|#)\\s*(?:go:|\\+build|nolint|eslint|@ts-|prettier-ignore|frozen_string_literal|rubocop:|typed:|encoding:|-\\*-|istanbul|noinspection|region|endregion|pragma)");

  private DocComments() {}

  /**
   * The doc comment right above line {@code row} (0-based), skipping attribute and annotation
   * lines between the two (Rust's {@code #[derive]}, decorators); null when there is none.
   */
  static String above(String[] lines, int row, DocStyle style) {
    int i = Math.min(row, lines.length) - 1;
    while (i >= 0 && isAttribute(lines[i].trim())) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    String last = lines[i].trim();
    List<String> block = new ArrayList<>();
    if (style == DocStyle.HASH) {
      while (i >= 0 && lines[i].trim().startsWith("#")) {
        block.add(0, lines[i].trim());
        i--;
      }
    } else if (last.endsWith("*/")) {
      int end = i;
      while (i >= 0 && !lines[i].contains("/*")) {
        i--;
      }
      if (i < 0 || !lines[i].trim().startsWith("/**")) {
        return null;
      }
      for (int j = i; j <= end; j++) {
        block.add(lines[j].trim());
      }
    } else if (last.startsWith("//") && !last.startsWith("//!")) {
      while (i >= 0 && lines[i].trim().startsWith("//") && !lines[i].trim().startsWith("//!")) {
        block.add(0, lines[i].trim());
        i--;
      }
    }
    return firstLine(block);
  }

  /** The first line of a Python docstring, given the string literal's source text. */
  static String docstring(String literal) {
    String s = literal.strip();
    int p = 0;
    while (p < s.length() && "rRuUbBfF".indexOf(s.charAt(p)) >= 0) {
      p++;
    }
    s = s.substring(p);
    String quote = s.startsWith("\"\"\"") || s.startsWith("'''") ? s.substring(0, 3) : s.isEmpty() ? "" : s.substring(0, 1);
    if (quote.equals("\"\"\"") || quote.equals("'''") || quote.equals("\"") || quote.equals("'")) {
      s = s.substring(quote.length());
      if (s.endsWith(quote)) {
        s = s.substring(0, s.length() - quote.length());
      }
    }
    for (String line : s.split("\n")) {
      String t = line.strip();
      if (!t.isEmpty()) {
        return cap(t);
      }
    }
    return null;
  }

  /** The first line with words in it, comment markers, XML doc tags and JSDoc/KDoc tags left out. */
  static String firstLine(List<String> block) {
    for (String raw : block) {
      String t = words(raw.strip());
      if (t != null) {
        return cap(t);
      }
    }
    return null;
  }

  /** A comment line without its markers and tags, or null when nothing worth showing is left. */
  private static String words(String line) {
    if (DIRECTIVE.matcher(line).find()) {
      return null;
    }
    String t = line.replaceFirst("^/\\*\\*+", "").replaceFirst("^/\\*", "").replaceFirst("\\*+/$", "");
    t = t.replaceFirst("^/{2,}", "").replaceFirst("^#+", "").replaceFirst("^\\*+", "");
    t = XML_TAG.matcher(CREF.matcher(t).replaceAll("$1")).replaceAll("").strip();
    return t.isEmpty() || t.startsWith("@") || t.startsWith("-*-") ? null : t;
  }

  private static boolean isAttribute(String line) {
    return line.startsWith("#[") || line.startsWith("@") && !line.startsWith("@param") || line.startsWith("[") && line.endsWith("]");
  }

  private static String cap(String s) {
    return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 1) + "…";
  }
}
