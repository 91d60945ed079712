package dev.acs.workspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies one search/replace edit to a file's text. Pure: no file access.
 *
 * <p>First the search text must occur exactly once, byte for byte. If it does not occur at all,
 * the edit is retried line by line ignoring whitespace differences (indentation, runs of blanks,
 * trailing spaces, blank lines around the block); the replacement is then re-indented by the
 * difference between the indentation the model wrote and the one the file has. Several matches, or
 * none, give a rejection whose message tells the model what to do next. Line endings follow the
 * file (CRLF files stay CRLF).
 */
public final class EditApplier {

  /** What came of an edit. */
  public sealed interface Result permits Applied, Rejected {}

  /**
   * @param content the whole new file text
   * @param line first line (1-based) of the replaced block
   * @param exact false when the whitespace-tolerant match was used
   */
  public record Applied(String content, int line, boolean exact) implements Result {}

  /** @param message addressed to the model: what went wrong and what to send instead */
  public record Rejected(String message) implements Result {}

  private EditApplier() {}

  public static Result apply(String content, String search, String replace) {
    if (search == null || search.isBlank()) {
      return new Rejected(
          "The search text is empty. Put the existing lines next to the change in search and repeat"
              + " them, changed, in replace. To make a new file use create_file.");
    }
    if (replace == null) {
      replace = "";
    }
    boolean crlf = content.contains("\r\n");
    String text = crlf ? content.replace("\r\n", "\n") : content;
    String find = search.replace("\r\n", "\n");
    String with = replace.replace("\r\n", "\n");
    if (find.equals(with)) {
      return new Rejected("search and replace are identical, so the edit would change nothing.");
    }

    Result result = exact(text, find, with);
    if (result == null) {
      result = tolerant(text, find, with);
    }
    if (result instanceof Applied a && crlf) {
      return new Applied(a.content().replace("\n", "\r\n"), a.line(), a.exact());
    }
    return result;
  }

  private static Result exact(String text, String find, String with) {
    List<Integer> at = new ArrayList<>();
    // Overlapping places count too: "aa" is in "aaa" twice, so that edit is ambiguous.
    for (int i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + 1)) {
      at.add(i);
    }
    if (at.isEmpty()) {
      return null;
    }
    if (at.size() > 1) {
      return ambiguous(at.stream().map(i -> lineOf(text, i)).toList());
    }
    int i = at.get(0);
    return new Applied(text.substring(0, i) + with + text.substring(i + find.length()), lineOf(text, i), true);
  }

  private static Result tolerant(String text, String find, String with) {
    List<String> lines = Arrays.asList(text.split("\n", -1));
    List<String> wanted = trimBlankEnds(Arrays.asList(find.split("\n", -1)));
    List<String> norm = lines.stream().map(EditApplier::squash).toList();
    List<String> wantedNorm = wanted.stream().map(EditApplier::squash).toList();

    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + wanted.size() <= lines.size(); i++) {
      if (norm.subList(i, i + wanted.size()).equals(wantedNorm)) {
        starts.add(i);
      }
    }
    if (starts.isEmpty()) {
      return new Rejected(notFound(lines, wanted));
    }
    if (starts.size() > 1) {
      return ambiguous(starts.stream().map(i -> i + 1).toList());
    }
    int start = starts.get(0);
    List<String> replacement = reindent(trimBlankEnds(Arrays.asList(with.split("\n", -1))),
        indentOf(firstNonBlank(wanted)), indentOf(lines.get(start + firstNonBlankIndex(wanted))));
    List<String> out = new ArrayList<>(lines.subList(0, start));
    out.addAll(replacement);
    out.addAll(lines.subList(start + wanted.size(), lines.size()));
    return new Applied(String.join("\n", out), start + 1, false);
  }

  private static Rejected ambiguous(List<Integer> lineNumbers) {
    return new Rejected(
        "The search text matches "
            + lineNumbers.size()
            + " places (lines "
            + lineNumbers.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + "). Include more of the surrounding lines in search so that it matches exactly one"
            + " place.");
  }

  private static String notFound(List<String> lines, List<String> wanted) {
    String first = squash(firstNonBlank(wanted));
    int best = -1;
    double bestScore = 0;
    Set<String> want = words(first);
    for (int i = 0; i < lines.size(); i++) {
      Set<String> have = words(squash(lines.get(i)));
      if (have.isEmpty() || want.isEmpty()) {
        continue;
      }
      Set<String> common = new HashSet<>(have);
      common.retainAll(want);
      double score = (double) common.size() / Math.max(have.size(), want.size());
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    String hint =
        best >= 0 && bestScore >= 0.3
            ? " The closest line is " + (best + 1) + ": `" + clip(lines.get(best).strip()) + "`."
            : "";
    return "The search text was not found, not even ignoring whitespace."
        + hint
        + " Read the file again with read_file (a line range is enough) and copy the lines to"
        + " change exactly as they are now.";
  }

  private static List<String> reindent(List<String> block, String modelIndent, String fileIndent) {
    if (modelIndent.equals(fileIndent)) {
      return block;
    }
    List<String> out = new ArrayList<>(block.size());
    for (String line : block) {
      if (line.isBlank()) {
        out.add("");
      } else if (line.startsWith(modelIndent)) {
        out.add(fileIndent + line.substring(modelIndent.length()));
      } else {
        out.add(line);
      }
    }
    return out;
  }

  private static List<String> trimBlankEnds(List<String> lines) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isBlank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isBlank()) {
      to--;
    }
    return lines.subList(from, to);
  }

  private static String firstNonBlank(List<String> lines) {
    return lines.isEmpty() ? "" : lines.get(firstNonBlankIndex(lines));
  }

  private static int firstNonBlankIndex(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return i;
      }
    }
    return 0;
  }

  private static String indentOf(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return line.substring(0, i);
  }

  /** The line with its whitespace removed at the ends and collapsed to one blank inside. */
  private static String squash(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  private static Set<String> words(String line) {
    Set<String> out = new HashSet<>();
    for (String w : line.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String clip(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
