package dev.acs.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * ACS's file ranking for an issue: BM25 (Lucene) over three fields of each file — the words of its
 * path, the names it declares, and every identifier in it, camelCase and snake_case split — plus
 * what the issue names explicitly ({@link IssueMentions}): a file whose path, stack frame, type or
 * member the issue names goes up. Test files go down, since a fix lives in the code under test.
 */
public final class FileRanking {
  /**
   * Lucene says on first use, through java.util.logging, that the Vector API module is not
   * enabled: true, and harmless for indexes this small, but it lands on the user's terminal. Held
   * in a field because java.util.logging keeps only weak references to its loggers.
   */
  private static final java.util.logging.Logger LUCENE_VECTORS = quiet("org.apache.lucene.internal.vectorization");

  /** Declarations in the usual languages: types and functions by keyword, methods by shape. */
  private static final Pattern TYPE_DEF = Pattern.compile("\\b(?:class|interface|enum|record|struct|trait|object|type)\\s+([A-Za-z_]\\w*)");
  private static final Pattern FUNC_DEF = Pattern.compile(
      "\\b(?:func|def|function|fn)\\s+(?:\\([^)]*\\)\\s*)?([A-Za-z_]\\w*)"
          + "|(?m)^\\s+(?:(?:public|protected|private|static|final|synchronized|abstract|default|async|override)\\s+)*"
          + "[\\w<>\\[\\],.?]+\\s+([a-zA-Z_]\\w*)\\s*\\([^;]*$"
          + "|\\b([A-Za-z_]\\w*)\\s*[:=]\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*=>)");
  private static final double PATH_BOOST = 3;
  private static final double DEFS_BOOST = 2;
  private static final double TITLE_WEIGHT = 2;
  private static final double TEST_FACTOR = 0.6;
  private static final double MENTION_WEIGHT = 0.6;
  private static final double DECLARATION_FACTOR = 0.7;
  private static final double OTHER_FACTOR = 0.4;
  private static final double ASIDE_FACTOR = 0.7;
  /** Generated code (protobuf, minified bundles): the fix goes into its source. */
  private static final Pattern GENERATED = Pattern.compile("\\.pb\\.go$|_pb2\\.py$|\\.min\\.js$|\\.generated\\.");
  /** Code beside the product: examples, samples, benchmarks, sandboxes. */
  private static final Pattern ASIDE = Pattern.compile("/(examples?|samples?|benchmarks?|sandbox|demo)/");
  private static final Pattern CODE = Pattern.compile("\\.(java|kt|kts|scala|groovy|py|js|jsx|mjs|cjs|ts|tsx|go|rs|rb|cs|c|h|cc|cpp|hpp|php|swift|vue|svelte)$");
  private static final Set<String> GENERIC_NAMES = Set.of("index", "__init__", "mod", "main", "lib", "package-info", "init", "core");

  private FileRanking() {}

  /** A file and its score; higher is more relevant. */
  public record Scored(String path, double score) {}

  /** Every file, most relevant to the issue first. */
  public static List<Scored> rank(List<SourceFile> files, String title, String body) {
    Map<String, Double> lexical = lexical(files, title, body);
    double max = lexical.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    IssueMentions mentions = IssueMentions.of(title, body);
    List<Scored> out = new ArrayList<>(files.size());
    for (SourceFile f : files) {
      double lex = max > 0 ? lexical.getOrDefault(f.path(), 0.0) / max : 0;
      double s = lex + MENTION_WEIGHT * Math.log1p(mentionScore(f, mentions));
      out.add(new Scored(f.path(), s * kindFactor(f)));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::path));
    return out;
  }

  /** Paths only, best first. */
  public static List<String> rankPaths(List<SourceFile> files, String title, String body) {
    return rank(files, title, body).stream().map(Scored::path).toList();
  }

  /**
   * Fixes live in code: tests, type declarations ({@code .d.ts}), docs and other non-code files
   * still rank, but below code that matches as well.
   */
  static double kindFactor(SourceFile f) {
    String p = f.path();
    if (f.isTest()) {
      return TEST_FACTOR;
    }
    if (p.endsWith(".d.ts")) {
      return DECLARATION_FACTOR;
    }
    if (GENERATED.matcher(p).find()) {
      return OTHER_FACTOR;
    }
    if (ASIDE.matcher("/" + p).find()) {
      return ASIDE_FACTOR;
    }
    return CODE.matcher(p).find() && !p.startsWith("docs/") && !p.startsWith(".github/") ? 1 : OTHER_FACTOR;
  }

  /** The name a file goes by: its base name, or its folder's for index.js, __init__.py, mod.rs, package-info and the like. */
  static String nameOf(String path) {
    String[] parts = path.split("/");
    String file = parts[parts.length - 1];
    String base = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
    if (GENERIC_NAMES.contains(base) && parts.length > 1) {
      return parts[parts.length - 2];
    }
    return base;
  }

  static double mentionScore(SourceFile f, IssueMentions m) {
    String name = f.path().substring(f.path().lastIndexOf('/') + 1);
    String base = nameOf(f.path());
    double s = 0;
    for (Map.Entry<String, Double> p : m.paths().entrySet()) {
      String mentioned = p.getKey();
      if (f.path().equals(mentioned) || f.path().endsWith("/" + mentioned) || mentioned.endsWith("/" + f.path())) {
        s += 3 * p.getValue();
      }
    }
    for (Map.Entry<String, Double> fr : m.frameFiles().entrySet()) {
      String frame = fr.getKey();
      if (name.equals(frame) || f.path().endsWith("/" + frame) || f.path().equals(frame)) {
        s += 1.5 * fr.getValue();
      }
    }
    if (m.names().isEmpty()) {
      return s;
    }
    Set<String> types = declared(TYPE_DEF, f.text());
    Set<String> functions = declared(FUNC_DEF, f.text());
    for (Map.Entry<String, Double> n : m.names().entrySet()) {
      String id = n.getKey();
      if (id.equals(base) || id.equalsIgnoreCase(base) && id.length() > 3) {
        s += 2 * n.getValue();
      } else if (types.contains(id)) {
        s += n.getValue();
      } else if (functions.contains(id)) {
        s += 0.3 * n.getValue();
      }
    }
    return s;
  }

  static Set<String> declared(Pattern p, String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          out.add(m.group(g));
        }
      }
    }
    return out;
  }

  private static Map<String, Double> lexical(List<SourceFile> files, String title, String body) {
    Map<String, Double> weights = new HashMap<>();
    for (String t : Terms.of(title == null ? "" : title)) {
      weights.merge(t, TITLE_WEIGHT, Double::sum);
    }
    for (String t : Terms.of(body == null ? "" : body)) {
      weights.merge(t, 1.0, Double::sum);
    }
    List<Map.Entry<String, Double>> terms = new ArrayList<>(weights.entrySet());
    terms.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    for (Map.Entry<String, Double> t : terms.subList(0, Math.min(terms.size(), ContentBm25.MAX_CLAUSES / 3))) {
      // Repeats count, but with diminishing returns: a word pasted twenty times in a log is not twenty times the clue.
      float w = (float) (1 + Math.log(t.getValue()));
      q.add(new BoostQuery(new TermQuery(new Term("path", t.getKey())), (float) (w * PATH_BOOST)), BooleanClause.Occur.SHOULD);
      q.add(new BoostQuery(new TermQuery(new Term("defs", t.getKey())), (float) (w * DEFS_BOOST)), BooleanClause.Occur.SHOULD);
      q.add(new BoostQuery(new TermQuery(new Term("body", t.getKey())), w), BooleanClause.Occur.SHOULD);
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    try (Analyzer analyzer = new StandardAnalyzer(); ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
        for (SourceFile f : files) {
          Document d = new Document();
          d.add(new StoredField("id", f.path()));
          d.add(new TextField("path", String.join(" ", Terms.of(f.path())), Field.Store.NO));
          Set<String> defs = declared(TYPE_DEF, f.text());
          defs.addAll(declared(FUNC_DEF, f.text()));
          d.add(new TextField("defs", String.join(" ", Terms.of(String.join(" ", defs))), Field.Store.NO));
          d.add(new TextField("body", String.join(" ", Terms.of(f.text())).toLowerCase(Locale.ROOT), Field.Store.NO));
          w.addDocument(d);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (ScoreDoc hit : searcher.search(q.build(), Math.max(1, files.size())).scoreDocs) {
          scores.put(searcher.storedFields().document(hit.doc).get("id"), (double) hit.score);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scores;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }
}
