package dev.acs.agent;

import dev.acs.context.FileRanking;
import dev.acs.context.Outline;
import dev.acs.context.OutlineParser;
import dev.acs.context.RepoScan;
import dev.acs.context.ScanCache;
import dev.acs.context.SourceFile;
import dev.acs.workspace.ConfinedFiles;
import dev.acs.workspace.FileHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compact map of a repository for the prompt, most relevant files first, cut to a token budget.
 * The order comes from {@link FileRanking} (BM25 over paths, declarations and identifiers, plus
 * what the issue mentions). Detail goes by rank: the first files show their outline in full
 * (types, functions and methods with one-line signatures and the first line of their doc comments,
 * from {@link OutlineParser}: JavaParser for Java, tree-sitter for Python, JavaScript, TypeScript,
 * Go, Kotlin, Rust, C# and Ruby), the next ones only the names they declare, the rest their paths.
 * Files are outlined lazily, only as far as the budget reaches.
 *
 * <p>Tokens are approximated as characters / 4 ({@link #approxTokens}), the usual ratio for
 * English and source code in the GPT and Claude tokenizers; good enough to size a prompt section,
 * not to bill (the budget ledger counts 3 characters a token to be safe).
 */
public final class RepoMap {
  public static final int CHARS_PER_TOKEN = 4;
  static final int MAX_FILES = 20_000;
  /** Room kept for the closing "... more files not shown" line. */
  private static final int RESERVE = 40;
  /**
   * Left out of the map besides the folders the scan never lists ({@link SourceFile#unlistedDir}):
   * the Maven wrapper's jar and properties, which the scan lists but say nothing about the code.
   */
  private static final String MAVEN_WRAPPER = ".mvn/wrapper";
  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "with", "that", "this", "from", "when", "not", "are", "but", "into", "should",
          "would", "could", "have", "has", "was", "were", "will", "can", "does", "what", "which", "there",
          "then", "than", "them", "they", "its", "also", "only", "java", "main", "test", "src", "get", "set",
          "new", "use", "using", "file", "class", "method", "issue", "bug", "fix", "add");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{2,}");

  /** How the map ranks (FileRanking's default: lexical and mentions). */
  public static final FileRanking.Options RANKING = FileRanking.Options.DEFAULT;

  private final List<String> files;
  /** The scan cached per working tree and commit (ScanCache), shared by the planner's and the coder's maps; null when unreadable. */
  private final RepoScan scanned;
  private final ConfinedFiles confined;
  /** Outlines made so far; the planner and the coder render the same scan more than once. */
  private final Map<String, Outline> outlines = new HashMap<>();

  private RepoMap(List<String> files, RepoScan scanned, ConfinedFiles confined) {
    this.files = List.copyOf(files);
    this.scanned = scanned;
    this.confined = confined;
  }

  /**
   * Lists the working tree (without .git, build output or links leading out); outlines come later,
   * as needed. The paths are the cached scan's ({@link RepoScan#paths}: one walk of the tree for
   * both), or the tree's own listing when the scan cannot be made.
   */
  public static RepoMap scan(Path root) throws IOException {
    return scan(root, null);
  }

  /**
   * As {@link #scan(Path)}, with the files' history from elsewhere (null: the tree's own git): for
   * a tree exported from a commit, which has no git of its own.
   */
  public static RepoMap scan(Path root, FileHistory history) throws IOException {
    ConfinedFiles confined = new ConfinedFiles(root);
    RepoScan scan = cachedScan(root);
    if (scan != null && history != null) {
      scan = scan.withHistory(history);
    }
    List<String> listed = scan != null ? scan.paths() : confined.listFiles("", MAX_FILES);
    List<String> out = new ArrayList<>();
    for (String path : listed.subList(0, Math.min(listed.size(), MAX_FILES))) {
      if (!skipped(path)) {
        out.add(path);
      }
    }
    return new RepoMap(out, scan, confined);
  }

  public int fileCount() {
    return files.size();
  }

  /** Approximate tokens of a text: characters / 4, rounded up. */
  public static int approxTokens(String text) {
    return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** The files in the order the map shows them for a task, without outlining any. */
  public List<String> rankedPaths(String taskText) {
    return ranked(taskText).stream().map(Ranked::path).toList();
  }

  /**
   * The map for a task, most relevant files first, at most {@code tokenBudget} tokens.
   *
   * <p>Each file, in rank order, gets the richest form that fits while leaving room for the ones
   * after it: a full outline if, after it, the paths of the rest (or half the budget, whichever is
   * less) still fit; else the names it declares if a quarter of the budget is left for the rest;
   * else its path. The first file may use up to three quarters, cut to the declarations that fit.
   * Files the task does not relate to at all (score 0) show as paths.
   *
   * @param taskText the title, a line break, its body (and failure context); only used for ranking, the first line as the title
   */
  public synchronized String render(String taskText, int tokenBudget) {
    List<Ranked> ranked = ranked(taskText);
    int maxChars = Math.max(0, tokenBudget) * CHARS_PER_TOKEN;
    String header = "Repository map: " + files.size() + " files, most relevant to the task first;"
        + " the first with signatures and doc lines, then names, then paths.\n";
    StringBuilder b = new StringBuilder(header);
    long[] pathsAfter = new long[ranked.size() + 1];
    for (int i = ranked.size() - 1; i >= 0; i--) {
      pathsAfter[i] = pathsAfter[i + 1] + ranked.get(i).path().length() + 1;
    }
    int shown = 0;
    try (OutlineParser parser = new OutlineParser()) {
      for (int i = 0; i < ranked.size(); i++) {
        Ranked r = ranked.get(i);
        String text = richestFitting(r, i == 0, parser, maxChars - RESERVE - b.length(), pathsAfter[i + 1], maxChars);
        if (text == null) {
          break;
        }
        b.append(text);
        shown++;
      }
    }
    if (shown < files.size()) {
      b.append("... ").append(files.size() - shown).append(" more files not shown.\n");
    }
    if (b.length() > maxChars) {
      // Even the header did not fit: an empty map is better than an overrun.
      return "";
    }
    return b.toString();
  }

  /**
   * The fullest form of a file that fits in {@code room} characters with the rest in mind, or null
   * when not even its path fits. The top file may take three quarters of the budget, and is cut
   * to the declarations that fit rather than reduced to names: it is the likeliest to need work.
   */
  private String richestFitting(Ranked r, boolean top, OutlineParser parser, int room, long restPaths, int maxChars) {
    String pathOnly = r.path() + "\n";
    if (r.score() > 0 && room - Math.min(restPaths, maxChars / 4) > pathOnly.length() + 8) {
      Outline o = outline(parser, r.path());
      if (o.outlined()) {
        String full = o.detailed();
        long forRest = Math.min(restPaths, top ? maxChars / 4 : maxChars / 2);
        if (full.length() + forRest <= room) {
          return full;
        }
        String cut = top ? o.detailed((int) (room - forRest)) : null;
        if (cut != null && cut.indexOf('\n') < cut.length() - 1) {
          return cut;
        }
        String names = o.names();
        if (names.length() + Math.min(restPaths, maxChars / 4) <= room) {
          return names;
        }
      }
    }
    return pathOnly.length() <= room ? pathOnly : null;
  }

  private Outline outline(OutlineParser parser, String path) {
    return outlines.computeIfAbsent(path, p -> {
      if (!OutlineParser.supports(p)) {
        return Outline.pathOnly(p, null, Outline.Skip.UNSUPPORTED_LANGUAGE);
      }
      try {
        SourceFile known = scanned == null ? null : scanned.file(p);
        return parser.outline(p, known != null ? known.text() : confined.readString(p));
      } catch (IOException e) {
        // Binary, not UTF-8, too large or gone: the map still lists the path.
        return Outline.pathOnly(p, null, Outline.Skip.BINARY);
      }
    });
  }

  private record Ranked(String path, double score) {}

  private List<Ranked> ranked(String taskText) {
    Map<String, Double> ranking = contextRanking(taskText);
    List<Ranked> out = new ArrayList<>();
    if (!ranking.isEmpty()) {
      for (String f : files) {
        out.add(new Ranked(f, ranking.getOrDefault(f, 0.0)));
      }
    } else {
      Set<String> words = words(taskText == null ? "" : taskText);
      Set<String> identifiers = new HashSet<>();
      Matcher m = IDENTIFIER.matcher(taskText == null ? "" : taskText);
      while (m.find()) {
        identifiers.add(m.group());
      }
      String lowerText = taskText == null ? "" : taskText.toLowerCase(Locale.ROOT);
      try (OutlineParser parser = new OutlineParser()) {
        for (String f : files) {
          out.add(new Ranked(f, score(f, outline(parser, f), words, identifiers, lowerText)));
        }
      }
    }
    out.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::path));
    return out;
  }

  /** The shared cached scan of the tree, or null when it cannot be read (the map then ranks by word overlap). */
  private static RepoScan cachedScan(Path root) {
    try {
      return ScanCache.shared().scan(root);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private Map<String, Double> contextRanking(String taskText) {
    if (scanned == null) {
      return Map.of();
    }
    try {
      Map<String, Double> out = new HashMap<>();
      // The planner and the coder pass the title, a line break, then its body and the rest:
      // ranked as title and body, as `acs eval localize` measures it (the title's words count double).
      String text = taskText == null ? "" : taskText;
      int eol = text.indexOf('\n');
      String title = eol < 0 ? text : text.substring(0, eol);
      String body = eol < 0 ? "" : text.substring(eol + 1);
      FileRanking.rank(scanned, title, body, RANKING).forEach(r -> out.put(r.path(), r.score()));
      return out;
    } catch (UncheckedIOException e) {
      return Map.of();
    }
  }

  /** The older word-overlap score, used only when the tree cannot be read for the context ranking. */
  private static double score(String path, Outline outline, Set<String> words, Set<String> identifiers, String lowerText) {
    if (words.isEmpty() && identifiers.isEmpty()) {
      return 0;
    }
    Set<String> typeNames = new LinkedHashSet<>();
    Set<String> methodNames = new LinkedHashSet<>();
    for (Outline.Symbol s : outline.symbols()) {
      (s.kind() == Outline.Kind.TYPE ? typeNames : methodNames).add(s.name());
    }
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    String baseName = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    Set<String> nameWords = words(baseName);
    Set<String> dirWords = words(path.substring(0, path.length() - fileName.length()));
    Set<String> typeWords = words(String.join(" ", typeNames));
    Set<String> methodWords = words(String.join(" ", methodNames));
    double s = 0;
    for (String w : words) {
      if (nameWords.contains(w)) {
        s += 3;
      } else if (typeWords.contains(w)) {
        s += 2;
      } else if (methodWords.contains(w)) {
        s += 1;
      } else if (dirWords.contains(w)) {
        s += 0.5;
      }
    }
    for (String id : identifiers) {
      if (id.equals(baseName) || typeNames.contains(id)) {
        s += 5;
      } else if (methodNames.contains(id)) {
        s += 3;
      }
    }
    if (lowerText.contains(path.toLowerCase(Locale.ROOT))) {
      s += 10;
    }
    return s;
  }

  /** Lower-case words of a text, camelCase and snake_case split, short and stop words dropped. */
  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    String spaced = text.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
    for (String w : spaced.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() >= 3 && !STOP_WORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** In a folder left out of the map: one the scan never lists (at any depth), or the Maven wrapper's. */
  private static boolean skipped(String path) {
    if (path.startsWith(MAVEN_WRAPPER + "/") || path.contains("/" + MAVEN_WRAPPER + "/")) {
      return true;
    }
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (SourceFile.unlistedDir(parts[i])) {
        return true;
      }
    }
    return false;
  }
}
