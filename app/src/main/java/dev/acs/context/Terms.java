package dev.acs.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words of code and prose for lexical ranking: each identifier gives itself (lower-cased) and its
 * camelCase / snake_case parts, so {@code looksLikeValidNumber} matches "valid number" and the
 * whole name alike.
 */
public final class Terms {
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+");
  private static final Pattern PART = Pattern.compile("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+");
  /** Words too common in code and issues to say which file is meant. */
  static final Set<String> STOP =
      Set.of(
          "the", "and", "for", "with", "that", "this", "from", "when", "not", "are", "but", "into", "should", "would",
          "could", "have", "has", "was", "were", "will", "can", "does", "what", "which", "there", "then", "than",
          "them", "they", "its", "also", "only", "get", "set", "new", "use", "using", "you", "your", "how", "any",
          "all", "our", "out", "one", "some", "like", "just", "more", "other", "here", "see", "way", "want", "need",
          "public", "private", "protected", "static", "final", "void", "return", "import", "package", "class",
          "null", "true", "false", "int", "string", "else", "var", "let", "const", "def", "self", "http",
          "https", "www", "com", "org", "github", "java", "lang", "util", "is", "it", "to", "of", "in", "on", "be",
          "an", "or", "if", "at", "by", "as", "we", "do", "no", "so");

  private Terms() {}

  /** Lower-cased terms of {@code text}, in order, with repeats; stop words and one-letter words dropped. */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String word = m.group();
      if (word.length() > 64) {
        continue;
      }
      String lower = word.toLowerCase(Locale.ROOT);
      add(out, lower);
      Matcher p = PART.matcher(word);
      int parts = 0;
      List<String> pieces = new ArrayList<>();
      while (p.find()) {
        pieces.add(p.group().toLowerCase(Locale.ROOT));
        parts++;
      }
      if (parts > 1) {
        for (String piece : pieces) {
          add(out, piece);
        }
      }
    }
    return out;
  }

  private static void add(List<String> out, String term) {
    if (term.length() > 1 && !STOP.contains(term)) {
      out.add(term);
    }
  }
}
