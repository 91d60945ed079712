package dev.acs.context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * ACS's file ranking for an issue. Each file's {@link Signal}s ({@link FileSignals}): BM25
 * (Lucene) over three fields of each file — the words of its path, the names it declares, and every
 * identifier in it, camelCase and snake_case split — searched five ways; what the issue names
 * explicitly ({@link IssueMentions}: paths, stack frames, types, members, modules, messages); and
 * the file's priors (size, depth, recent history). The evidence is weighed and summed, the priors
 * scale it, as fitted on the tuning sets ({@link Signal}). Test files and other non-code files go
 * down, since a fix lives in the code under test.
 */
public final class FileRanking {
  private static final double PATH_BOOST = 3;
  private static final double DEFS_BOOST = 2;
  private static final double TITLE_WEIGHT = 2;
  private static final double TEST_FACTOR = 0.6;
  private static final double DECLARATION_FACTOR = 0.7;
  private static final double OTHER_FACTOR = 0.4;
  private static final double ASIDE_FACTOR = 0.7;
  static final double GRAPH_WEIGHT = 0.1;
  /** A dotted module or class name ({@code a.b.c}) that spells the file's path: as a path mentioned. */
  static final double MODULE_WEIGHT = 3;
  /** A run of a message found in more files than this is common code, not the message. */
  static final int MESSAGE_HITS = 20;
  static final int MAX_MESSAGES = 30;
  static final int MAX_RUNS = 12;
  static final int LEXICAL_SEEDS = 0;
  static final double DAMPING = 0.85;
  static final int ITERATIONS = 20;
  /** Generated code (protobuf, minified bundles): the fix goes into its source. */
  private static final Pattern GENERATED = Pattern.compile("\\.pb\\.go$|_pb2\\.py$|\\.min\\.js$|\\.generated\\.");
  /** Issue and pull-request templates: the issue was written from them, so they match its words, but never hold the fix. */
  private static final Pattern TEMPLATE = Pattern.compile("^\\.(github|gitlab)/(ISSUE_TEMPLATE|PULL_REQUEST_TEMPLATE|issue_template|pull_request_template)");
  private static final double TEMPLATE_FACTOR = 0.1;
  /** Code beside the product: examples, samples, benchmarks, sandboxes. */
  private static final Pattern ASIDE = Pattern.compile("/(examples?|samples?|benchmarks?|sandbox|demo)/");
  private static final Pattern CODE = Pattern.compile("\\.(java|kt|kts|scala|groovy|py|js|jsx|mjs|cjs|ts|tsx|go|rs|rb|cs|c|h|cc|cpp|hpp|php|swift|vue|svelte)$");
  private static final Set<String> GENERIC_NAMES = Set.of("index", "__init__", "mod", "main", "lib", "package-info", "init", "core");

  private FileRanking() {}

  /** A file and its score; higher is more relevant. */
  public record Scored(String path, double score) {}

  /**
   * How the reference graph joins in: {@code graphWeight} times the personalised PageRank (as a
   * share of its largest value) that reaches a file over edges, walked from the files the issue
   * mentions and the {@code lexicalSeeds} best lexical matches. {@code graphWeight} 0 leaves the
   * graph out.
   */
  public record Options(double graphWeight, int lexicalSeeds, TextEmbedder embedder, double embeddingWeight) {
    /**
     * Lexical and mentions: what ACS ranks by. The graph and embeddings did not rank the held-out
     * set better (docs/context.md), so they are left out unless asked for.
     */
    public static final Options DEFAULT = new Options(0, 0);
    public static final Options WITHOUT_GRAPH = DEFAULT;
    /** With the reference graph, as tuned (weight 0.1, seeded by the issue's mentions). */
    public static final Options WITH_GRAPH = new Options(GRAPH_WEIGHT, LEXICAL_SEEDS);

    /** Lexical, mentions and the graph; no embeddings. */
    public Options(double graphWeight, int lexicalSeeds) {
      this(graphWeight, lexicalSeeds, null, 0);
    }

    /**
     * These options, and the first {@link #EMBEDDED} files re-ranked by adding {@code weight} times
     * how much closer (cosine) each is to the issue under {@code embedder} than the farthest of them.
     */
    public Options withEmbeddings(TextEmbedder embedder, double weight) {
      return new Options(graphWeight, lexicalSeeds, embedder, weight);
    }
  }

  /** How many of the first files embeddings re-rank: the model is too slow to read every file. */
  public static final int EMBEDDED = 40;
  /** Characters of a file (after its path) the model reads: its head says what it is about. */
  static final int EMBEDDED_CHARS = 1200;
  static final int ISSUE_CHARS = 2000;
  /** The weight of embeddings as tuned (all-MiniLM-L6-v2; docs/context.md). */
  public static final double EMBEDDING_WEIGHT = 0.8;

  /** Every file, most relevant to the issue first. */
  public static List<Scored> rank(List<SourceFile> files, String title, String body) {
    return rank(RepoScan.of(files), title, body, Options.DEFAULT);
  }

  /** Every file of a scan, most relevant to the issue first. */
  public static List<Scored> rank(RepoScan scan, String title, String body) {
    return rank(scan, title, body, Options.DEFAULT);
  }

  /** Every file of a scan, most relevant to the issue first, the graph joining in as {@code options} say. */
  public static List<Scored> rank(RepoScan scan, String title, String body, Options options) {
    Map<String, double[]> signals = FileSignals.of(scan, title, body);
    List<SourceFile> files = scan.files();
    Map<String, Double> base = new HashMap<>(files.size() * 2);
    Map<String, Double> seeds = new HashMap<>();
    for (SourceFile f : files) {
      double[] v = signals.get(f.path());
      double b = v == null ? 0 : Signal.score(v);
      base.put(f.path(), b);
      if (v != null && Signal.named(v)) {
        seeds.put(f.path(), b);
      }
    }
    Map<String, Double> walk = Map.of();
    if (options.graphWeight() > 0) {
      base.entrySet().stream().filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(options.lexicalSeeds()).forEach(e -> seeds.put(e.getKey(), e.getValue()));
      walk = graphShare(scan.graph(), seeds);
    }
    List<Scored> out = new ArrayList<>(files.size());
    for (SourceFile f : files) {
      double s = base.get(f.path()) + options.graphWeight() * walk.getOrDefault(f.path(), 0.0);
      out.add(new Scored(f.path(), s * kindFactor(f)));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::path));
    if (options.embedder() != null && options.embeddingWeight() > 0 && !out.isEmpty()) {
      return reranked(scan, out, title, body, options, base, walk);
    }
    return out;
  }

  /** The first {@link #EMBEDDED} files re-ranked with the embeddings' closeness to the issue; the rest as they were, below. */
  private static List<Scored> reranked(RepoScan scan, List<Scored> ranked, String title, String body, Options options,
      Map<String, Double> base, Map<String, Double> walk) {
    List<Scored> head = ranked.subList(0, Math.min(EMBEDDED, ranked.size()));
    String issue = (title == null ? "" : title) + "\n" + (body == null ? "" : body);
    List<String> texts = new ArrayList<>(head.size() + 1);
    texts.add(issue.substring(0, Math.min(issue.length(), ISSUE_CHARS)));
    for (Scored s : head) {
      String text = scan.file(s.path()).text();
      texts.add(s.path() + "\n" + text.substring(0, Math.min(text.length(), EMBEDDED_CHARS)));
    }
    List<float[]> vectors = options.embedder().embed(texts);
    double[] cos = new double[head.size()];
    double lowest = Double.MAX_VALUE;
    for (int i = 0; i < head.size(); i++) {
      cos[i] = cosine(vectors.get(0), vectors.get(i + 1));
      lowest = Math.min(lowest, cos[i]);
    }
    List<Scored> out = new ArrayList<>(ranked.size());
    for (int i = 0; i < head.size(); i++) {
      String p = head.get(i).path();
      double s = base.get(p) + options.graphWeight() * walk.getOrDefault(p, 0.0) + options.embeddingWeight() * (cos[i] - lowest);
      out.add(new Scored(p, s * kindFactor(scan.file(p))));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::path));
    // The files below keep their order, and stay below: a re-ranking, not a new ranking.
    double floor = out.get(out.size() - 1).score();
    for (Scored s : ranked.subList(head.size(), ranked.size())) {
      out.add(new Scored(s.path(), Math.min(s.score(), floor)));
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Paths only, best first. */
  public static List<String> rankPaths(List<SourceFile> files, String title, String body) {
    return rank(files, title, body).stream().map(Scored::path).toList();
  }

  /** Paths of a scan only, best first. */
  public static List<String> rankPaths(RepoScan scan, String title, String body, Options options) {
    return rank(scan, title, body, options).stream().map(Scored::path).toList();
  }

  /**
   * The rank the walk from the seeds brings to each file over the graph's edges (the restart share
   * taken off, so a seed is not raised for being a seed), as a share of the largest.
   */
  static Map<String, Double> graphShare(ReferenceGraph graph, Map<String, Double> seeds) {
    double total = seeds.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total <= 0) {
      return Map.of();
    }
    Map<String, Double> rank = graph.personalisedPageRank(seeds, DAMPING, ITERATIONS);
    Map<String, Double> walked = new HashMap<>();
    double max = 0;
    for (Map.Entry<String, Double> r : rank.entrySet()) {
      double restart = (1 - DAMPING) * seeds.getOrDefault(r.getKey(), 0.0) / total;
      double w = Math.max(0, r.getValue() - restart);
      walked.put(r.getKey(), w);
      max = Math.max(max, w);
    }
    if (max > 0) {
      for (Map.Entry<String, Double> e : walked.entrySet()) {
        e.setValue(e.getValue() / max);
      }
    }
    return walked;
  }

  /**
   * Fixes live in code: tests, type declarations ({@code .d.ts}), docs and other non-code files
   * still rank, but below code that matches as well.
   */
  static double kindFactor(SourceFile f) {
    String p = f.path();
    if (TEMPLATE.matcher(p).find()) {
      return TEMPLATE_FACTOR;
    }
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

  /** The folder a file is in ({@code rest} for {@code rest/server.go}), or "" at the root. */
  static String folderOf(String path) {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return "";
    }
    return path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
  }

  /** A Python project's top package ({@code pylint/__init__.py}, {@code src/pkg/__init__.py}): it goes by the project's name. */
  private static final Pattern ROOT_PACKAGE = Pattern.compile("(?:(?:src|lib)/)?[^/]+/__init__\\.py");

  /** Source files a dotted name can name: Python modules, JVM classes. */
  private static final Pattern MODULE_FILE = Pattern.compile("\\.(py|pyi|java|kt|scala|groovy)$");

  /**
   * A source file as a dotted name would spell it, slashes for dots: its path without the
   * extension, or its folder's for a package's {@code __init__.py}; null for other files.
   */
  static String moduleOf(String path) {
    Matcher ext = MODULE_FILE.matcher(path);
    if (!ext.find()) {
      return null;
    }
    String module = path.substring(0, ext.start());
    return module.endsWith("/__init__") ? module.substring(0, module.length() - "/__init__".length()) : module;
  }

  /**
   * The files the issue's dotted names spell ({@code a/b/c}): a module whose path ends with the
   * name (any folder before, such as {@code src/} or {@code src/main/java/}), or, when none does,
   * with the name less one or two trailing parts (a class, function or method in the module; not
   * a package's {@code __init__.py}, which only re-exports it); two
   * parts at least, so that a bare file name never counts. Only the longest that names a file
   * counts, so {@code a.b.c} goes to {@code a/b/c.py}, not to the package {@code a/b} as well.
   */
  static Map<String, Double> moduleScores(List<SourceFile> files, IssueMentions m) {
    if (m.modules().isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> bySuffix = new HashMap<>();
    for (SourceFile f : files) {
      String module = moduleOf(f.path());
      if (module == null) {
        continue;
      }
      int cut = module.lastIndexOf('/');
      while (cut > 0) {
        cut = module.lastIndexOf('/', cut - 1);
        bySuffix.computeIfAbsent(module.substring(cut + 1), k -> new ArrayList<>(1)).add(f.path());
      }
    }
    Map<String, Double> out = new HashMap<>();
    for (Map.Entry<String, Double> d : m.modules().entrySet()) {
      String name = d.getKey();
      for (int dropped = 0; dropped <= 2 && name.indexOf('/') > 0; dropped++) {
        List<String> named = bySuffix.get(name);
        if (named != null && dropped > 0) {
          // a.b.Name with a/b a package: Name is re-exported there from a module of its own, not written there.
          named = named.stream().filter(p -> !p.endsWith("/__init__.py")).toList();
        }
        if (named != null && !named.isEmpty()) {
          named.forEach(p -> out.merge(p, MODULE_WEIGHT * d.getValue(), Double::sum));
          break;
        }
        name = name.substring(0, name.lastIndexOf('/'));
      }
    }
    return out;
  }

  /**
   * What the issue names of a file, by kind: its path, a stack frame in it, a qualified member it
   * declares, its own name, a type or a function it declares: each the summed weight of the
   * mentions (more for the title, less for deeper frames), which {@link FileSignals} turns into
   * signals.
   */
  record MentionParts(double path, double frame, double member, double name, double type, double function) {
    static MentionParts of(SourceFile f, FileFacts facts, IssueMentions m) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      String base = nameOf(f.path());
      double path = 0;
      for (Map.Entry<String, Double> p : m.paths().entrySet()) {
        String mentioned = p.getKey();
        if (f.path().equals(mentioned) || f.path().endsWith("/" + mentioned) || mentioned.endsWith("/" + f.path())) {
          path += p.getValue();
        }
      }
      double frame = 0;
      for (Map.Entry<String, Double> fr : m.frameFiles().entrySet()) {
        String at = fr.getKey();
        if (name.equals(at) || f.path().endsWith("/" + at) || f.path().equals(at) || at.endsWith("/" + f.path())) {
          frame += fr.getValue();
        }
      }
      Set<String> types = facts == null ? Set.of() : facts.types();
      Set<String> functions = facts == null ? Set.of() : facts.functions();
      String folder = folderOf(f.path());
      double member = 0;
      for (Map.Entry<String, Double> q : m.members().entrySet()) {
        int hash = q.getKey().indexOf('#');
        String owner = q.getKey().substring(0, hash);
        String declared = q.getKey().substring(hash + 1);
        // Type.member, module.function, package.Function: the file the owner names that declares the member.
        boolean owns = owner.equalsIgnoreCase(base) || owner.equals(folder) || types.contains(owner);
        if (owns && declared.length() > 2 && (functions.contains(declared) || types.contains(declared))) {
          member += q.getValue();
        }
      }
      boolean rootPackage = ROOT_PACKAGE.matcher(f.path()).matches();
      double own = 0;
      double type = 0;
      double function = 0;
      for (Map.Entry<String, Double> n : m.names().entrySet()) {
        String id = n.getKey();
        if (rootPackage && id.equalsIgnoreCase(base)) {
          // The project's own name (pylint, requests): every issue says it; it names no file.
          continue;
        }
        if (id.equals(base) || id.equalsIgnoreCase(base) && id.length() > 3) {
          own += n.getValue();
        } else if (types.contains(id)) {
          type += n.getValue();
        } else if (functions.contains(id)) {
          function += n.getValue();
        }
      }
      return new MentionParts(path, frame, member, own, type, function);
    }
  }

  /**
   * Which files hold the messages the issue quotes (an exception's message, a log line, text in
   * quotes; at least two words, numbers left out): per message, the share of its three-word runs (or its two words) found as a phrase in a file, runs found
   * in more than {@link #MESSAGE_HITS} files not counting (common code, not a message), times the
   * message's weight, summed over messages.
   */
  static Map<String, Double> messageScores(RepoScan scan, IssueMentions m) {
    // The same line logged again with another time stamp or number is one message: numbers left out, the highest weight kept.
    Map<List<String>, Double> distinct = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Double> msg : m.messages().entrySet()) {
      List<String> terms = Terms.of(msg.getKey()).stream().filter(t -> !Character.isDigit(t.charAt(0))).toList();
      if (terms.size() >= 2 && (distinct.size() < MAX_MESSAGES || distinct.containsKey(terms))) {
        distinct.merge(terms, msg.getValue(), Math::max);
      }
    }
    Map<String, Double> out = new HashMap<>();
    for (Map.Entry<List<String>, Double> msg : distinct.entrySet()) {
      List<String> terms = msg.getKey();
      int n = Math.min(3, terms.size());
      int runs = Math.min(terms.size() - n + 1, MAX_RUNS);
      Map<String, Integer> found = new HashMap<>();
      for (int i = 0; i < runs; i++) {
        PhraseQuery.Builder q = new PhraseQuery.Builder();
        for (int j = 0; j < n; j++) {
          q.add(new Term("body", terms.get(i + j)), j);
        }
        List<String> hits = scan.matching(q.build(), MESSAGE_HITS + 1);
        if (hits.size() <= MESSAGE_HITS) {
          hits.forEach(p -> found.merge(p, 1, Integer::sum));
        }
      }
      found.forEach((p, k) -> out.merge(p, msg.getValue() * k / runs, Double::sum));
    }
    return out;
  }

  /** The fields of a file's document the lexical query reads. */
  static final Set<String> FIELDS = Set.of("path", "defs", "body");

  /** The issue's terms, each weighed: 2 for a title word, 1 for a body word, summed over repeats. */
  static Map<String, Double> termWeights(String title, String body) {
    Map<String, Double> weights = new HashMap<>();
    for (String t : Terms.of(title == null ? "" : title)) {
      weights.merge(t, TITLE_WEIGHT, Double::sum);
    }
    for (String t : Terms.of(body == null ? "" : body)) {
      weights.merge(t, 1.0, Double::sum);
    }
    return weights;
  }

  /** The lexical query for an issue's {@link #termWeights} over some of the {@link #FIELDS}. */
  static Query query(Map<String, Double> weights, Set<String> fields) {
    List<Map.Entry<String, Double>> terms = new ArrayList<>(weights.entrySet());
    terms.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    for (Map.Entry<String, Double> t : terms.subList(0, Math.min(terms.size(), ContentBm25.MAX_CLAUSES / 3))) {
      // Repeats count, but with diminishing returns: a word pasted twenty times in a log is not twenty times the clue.
      float w = (float) (1 + Math.log(t.getValue()));
      if (fields.contains("path")) {
        q.add(new BoostQuery(new TermQuery(new Term("path", t.getKey())), (float) (w * PATH_BOOST)), BooleanClause.Occur.SHOULD);
      }
      if (fields.contains("defs")) {
        q.add(new BoostQuery(new TermQuery(new Term("defs", t.getKey())), (float) (w * DEFS_BOOST)), BooleanClause.Occur.SHOULD);
      }
      if (fields.contains("body")) {
        q.add(new BoostQuery(new TermQuery(new Term("body", t.getKey())), w), BooleanClause.Occur.SHOULD);
      }
    }
    return q.build();
  }

}
