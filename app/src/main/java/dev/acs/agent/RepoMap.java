package dev.acs.agent;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import dev.acs.context.FileRanking;
import dev.acs.context.RepoScan;
import dev.acs.context.ScanCache;
import dev.acs.context.SourceFile;
import dev.acs.workspace.ConfinedFiles;
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
import java.util.stream.Collectors;

/**
 * A compact map of a repository for the prompt: Java files as an outline of their types and
 * non-private signatures (parsed with JavaParser), other files as paths. Files are ranked by how
 * much of the task text they share (words of the file name, type, method and folder names, and
 * identifiers quoted verbatim), and the map is cut to a token budget.
 *
 * <p>Tokens are approximated as characters / 4 ({@link #approxTokens}), the usual ratio for
 * English and source code in the GPT and Claude tokenizers; good enough to size a prompt section,
 * not to bill (the budget ledger counts 3 characters a token to be safe).
 */
public final class RepoMap {
  public static final int CHARS_PER_TOKEN = 4;
  static final int MAX_FILES = 20_000;
  static final long MAX_PARSE_BYTES = 300_000;
  private static final Set<String> SKIPPED_DIRS =
      Set.of("target", "build", "node_modules", ".gradle", ".idea", ".acs", ".mvn/wrapper");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "with", "that", "this", "from", "when", "not", "are", "but", "into", "should",
          "would", "could", "have", "has", "was", "were", "will", "can", "does", "what", "which", "there",
          "then", "than", "them", "they", "its", "also", "only", "java", "main", "test", "src", "get", "set",
          "new", "use", "using", "file", "class", "method", "issue", "bug", "fix", "add");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{2,}");

  /** One file of the map. */
  record FileEntry(
      String path, String outline, Set<String> typeNames, Set<String> methodNames) {}

  /** Outlines by the version of the file they were parsed from (held while the scan cache holds that version). */
  private static final Map<SourceFile, FileEntry> OUTLINES = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** How the map ranks (FileRanking's default: lexical and mentions). */
  public static final FileRanking.Options RANKING = FileRanking.Options.DEFAULT;

  private final List<FileEntry> files;
  private final RepoScan scanned;

  private RepoMap(List<FileEntry> files, RepoScan scanned) {
    this.files = List.copyOf(files);
    this.scanned = scanned;
  }

  /** Reads the working tree (without .git, build output or links leading out). */
  public static RepoMap scan(Path root) throws IOException {
    ConfinedFiles confined = new ConfinedFiles(root);
    // Tokens, comments and validation are not needed for an outline and cost most of the time.
    JavaParser parser =
        new JavaParser(
            new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.RAW)
                .setStoreTokens(false)
                .setAttributeComments(false)
                .setDoNotAssignCommentsPrecedingEmptyLines(true));
    List<FileEntry> out = new ArrayList<>();
    // The texts come from the scan cached per working tree (ScanCache), outlines once per version of a file.
    RepoScan scanned = cachedScan(root);
    for (String path : confined.listFiles("", MAX_FILES)) {
      if (skipped(path)) {
        continue;
      }
      if (path.endsWith(".java")) {
        SourceFile known = scanned == null ? null : scanned.file(path);
        out.add(known == null ? outline(parser, confined, path) : OUTLINES.computeIfAbsent(known, k -> outline(parser, path, k.text())));
      } else {
        out.add(new FileEntry(path, null, Set.of(), Set.of()));
      }
    }
    return new RepoMap(out, scanned);
  }

  public int fileCount() {
    return files.size();
  }

  /** Approximate tokens of a text: characters / 4, rounded up. */
  public static int approxTokens(String text) {
    return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /**
   * The map for a task, most relevant files first, at most {@code tokenBudget} tokens.
   *
   * @param taskText issue title and body (and failure context); only used for ranking
   */
  public String render(String taskText, int tokenBudget) {
    Set<String> words = words(taskText == null ? "" : taskText);
    Set<String> identifiers = new HashSet<>();
    Matcher m = IDENTIFIER.matcher(taskText == null ? "" : taskText);
    while (m.find()) {
      identifiers.add(m.group());
    }
    String lowerText = taskText == null ? "" : taskText.toLowerCase(Locale.ROOT);
    record Ranked(FileEntry file, double score) {}
    List<Ranked> ranked = new ArrayList<>();
    // The context ranking (BM25 over paths, declarations and identifiers + the mentions)
    // finds the fixed file first more often than the word overlap below; see docs/context.md.
    Map<String, Double> ranking = contextRanking(taskText);
    for (FileEntry f : files) {
      ranked.add(new Ranked(f, !ranking.isEmpty() ? ranking.getOrDefault(f.path(), 0.0) : score(f, words, identifiers, lowerText)));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(r -> r.file().path()));

    int maxChars = Math.max(0, tokenBudget) * CHARS_PER_TOKEN;
    String header = "Repository map: " + files.size() + " files, most relevant to the task first;"
        + " Java files show their types and non-private signatures.\n";
    StringBuilder b = new StringBuilder(header);
    int shown = 0;
    for (Ranked r : ranked) {
      String full = r.score() > 0 && r.file().outline() != null ? r.file().outline() : r.file().path() + "\n";
      String pathOnly = r.file().path() + "\n";
      int reserve = 40; // room for the "... more files" line
      if (b.length() + full.length() + reserve <= maxChars) {
        b.append(full);
      } else if (b.length() + pathOnly.length() + reserve <= maxChars) {
        b.append(pathOnly);
      } else {
        break;
      }
      shown++;
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
      // The scan is cached per working tree and commit (ScanCache): the planner's and the coder's maps share it.
      FileRanking.rank(scanned, taskText == null ? "" : taskText, "", RANKING).forEach(r -> out.put(r.path(), r.score()));
      return out;
    } catch (UncheckedIOException e) {
      return Map.of();
    }
  }

  private static double score(FileEntry f, Set<String> words, Set<String> identifiers, String lowerText) {
    if (words.isEmpty() && identifiers.isEmpty()) {
      return 0;
    }
    String fileName = f.path().substring(f.path().lastIndexOf('/') + 1);
    String baseName = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    Set<String> nameWords = words(baseName);
    Set<String> dirWords = words(f.path().substring(0, f.path().length() - fileName.length()));
    Set<String> typeWords = words(String.join(" ", f.typeNames()));
    Set<String> methodWords = words(String.join(" ", f.methodNames()));
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
      if (id.equals(baseName) || f.typeNames().contains(id)) {
        s += 5;
      } else if (f.methodNames().contains(id)) {
        s += 3;
      }
    }
    if (lowerText.contains(f.path().toLowerCase(Locale.ROOT))) {
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

  private static boolean skipped(String path) {
    for (String dir : SKIPPED_DIRS) {
      if (path.startsWith(dir + "/") || path.contains("/" + dir + "/")) {
        return true;
      }
    }
    return false;
  }

  private static FileEntry outline(JavaParser parser, ConfinedFiles files, String path) {
    String source;
    try {
      source = files.readString(path);
    } catch (IOException e) {
      return new FileEntry(path, null, Set.of(), Set.of());
    }
    return outline(parser, path, source);
  }

  private static FileEntry outline(JavaParser parser, String path, String source) {
    if (source.length() > MAX_PARSE_BYTES) {
      return new FileEntry(path, null, Set.of(), Set.of());
    }
    ParseResult<CompilationUnit> result = parser.parse(source);
    if (result.getResult().isEmpty()) {
      return new FileEntry(path, null, Set.of(), Set.of());
    }
    StringBuilder b = new StringBuilder(path).append('\n');
    Set<String> types = new LinkedHashSet<>();
    Set<String> methods = new LinkedHashSet<>();
    for (TypeDeclaration<?> t : result.getResult().get().getTypes()) {
      outlineType(t, "  ", b, types, methods);
    }
    return new FileEntry(path, b.toString(), types, methods);
  }

  private static void outlineType(
      TypeDeclaration<?> t, String indent, StringBuilder b, Set<String> types, Set<String> methods) {
    types.add(t.getNameAsString());
    b.append(indent).append(typeHeader(t)).append('\n');
    for (BodyDeclaration<?> member : t.getMembers()) {
      if (member instanceof MethodDeclaration md) {
        methods.add(md.getNameAsString());
        if (!md.isPrivate()) {
          b.append(indent).append("  ").append(md.getDeclarationAsString(true, false, true)).append('\n');
        }
      } else if (member instanceof ConstructorDeclaration cd) {
        if (!cd.isPrivate()) {
          b.append(indent).append("  ").append(cd.getDeclarationAsString(true, false, true)).append('\n');
        }
      } else if (member instanceof TypeDeclaration<?> inner) {
        outlineType(inner, indent + "  ", b, types, methods);
      }
    }
  }

  private static String typeHeader(TypeDeclaration<?> t) {
    String mods = modifiers(t);
    if (t instanceof ClassOrInterfaceDeclaration c) {
      StringBuilder h = new StringBuilder(mods).append(c.isInterface() ? "interface " : "class ").append(c.getNameAsString());
      if (c.getTypeParameters().isNonEmpty()) {
        h.append(c.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">")));
      }
      if (c.getExtendedTypes().isNonEmpty()) {
        h.append(" extends ").append(c.getExtendedTypes().stream().map(Object::toString).collect(Collectors.joining(", ")));
      }
      if (c.getImplementedTypes().isNonEmpty()) {
        h.append(" implements ").append(c.getImplementedTypes().stream().map(Object::toString).collect(Collectors.joining(", ")));
      }
      return h.toString();
    }
    if (t instanceof RecordDeclaration r) {
      return mods + "record " + r.getNameAsString()
          + r.getParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
    if (t instanceof EnumDeclaration e) {
      return mods + "enum " + e.getNameAsString();
    }
    if (t instanceof AnnotationDeclaration a) {
      return mods + "@interface " + a.getNameAsString();
    }
    return mods + t.getNameAsString();
  }

  private static String modifiers(NodeWithModifiers<?> n) {
    return n.getModifiers().stream().map(Modifier::toString).collect(Collectors.joining(""));
  }
}
