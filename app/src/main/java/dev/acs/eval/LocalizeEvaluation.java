package dev.acs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.agent.RepoMap;
import dev.acs.config.Json;
import dev.acs.context.ContentBm25;
import dev.acs.context.FileRanking;
import dev.acs.context.RepoScan;
import dev.acs.context.ScanCache;
import dev.acs.workspace.CommitExport;
import dev.acs.workspace.FileHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code acs eval localize}: for each task, the repository at its base commit (exported from a
 * local clone into a temporary directory, the clone itself untouched), ranked for the issue by
 * ACS's ranking, the repository map the agent uses today, and plain BM25; where the first file of
 * the fix lands in each.
 */
public final class LocalizeEvaluation {
  /**
   * The rankings compared, in the order they are printed: ACS's (as the agent ranks: lexical and
   * mentions), ACS's with the reference graph, the agent's map as rendered, plain BM25.
   */
  public static final List<String> RANKINGS = List.of("acs", "acs-graph", "repomap", "bm25");
  /** Files of each ranking shown per task in the JSON report. */
  static final int TOP_SHOWN = 5;
  static final long MAX_EXPORT_BYTES = 2L * 1024 * 1024;

  private final Path reposDir;
  private final List<Double> graphWeights;
  private final boolean withRepoMap;

  public LocalizeEvaluation(Path reposDir) {
    this(reposDir, List.of(), true);
  }

  /**
   * @param graphWeights further rankings to compare, ACS's with these weights of the reference graph
   *     (named {@code acs-g<weight>}; for tuning)
   * @param withRepoMap whether to render the agent's map (JavaParser outlines: the slow part)
   */
  public LocalizeEvaluation(Path reposDir, List<Double> graphWeights, boolean withRepoMap) {
    this.reposDir = reposDir;
    this.graphWeights = List.copyOf(graphWeights);
    this.withRepoMap = withRepoMap;
  }

  /** The names of the rankings this evaluation compares, in order. */
  public List<String> rankings() {
    List<String> names = new ArrayList<>(RANKINGS);
    if (!withRepoMap) {
      names.remove("repomap");
    }
    graphWeights.forEach(w -> names.add("acs-g" + w));
    return names;
  }

  /** One task's outcome: the 1-based rank of the first gold file per ranking (0: not found), or why it was skipped. */
  public record Outcome(String instanceId, List<String> gold, Map<String, Integer> ranks, Map<String, List<String>> top, String skipped, long millis) {}

  /** The result over all tasks. */
  public record Report(List<Outcome> outcomes, Map<String, Recall> recall) {}

  /** Reads tasks from JSON Lines (blank lines ignored); a line that is not a usable record is an error naming its line. */
  public static List<LocalizeTask> readTasks(Path jsonl) throws IOException {
    List<LocalizeTask> tasks = new ArrayList<>();
    int line = 0;
    for (String text : Files.readAllLines(jsonl)) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text);
        tasks.add(LocalizeTask.of(node));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(jsonl + " line " + line + ": " + e.getMessage(), e);
      }
    }
    return tasks;
  }

  public Report run(List<LocalizeTask> tasks) throws IOException {
    Map<String, Recall> recall = new LinkedHashMap<>();
    rankings().forEach(r -> recall.put(r, new Recall()));
    List<Outcome> outcomes = new ArrayList<>();
    for (LocalizeTask task : tasks) {
      Outcome o = evaluate(task);
      outcomes.add(o);
      if (o.skipped() == null) {
        o.ranks().forEach((name, rank) -> recall.get(name).add(rank));
      }
    }
    return new Report(outcomes, recall);
  }

  Outcome evaluate(LocalizeTask task) throws IOException {
    long start = System.nanoTime();
    if (task.goldFiles().isEmpty()) {
      return new Outcome(task.instanceId(), task.goldFiles(), Map.of(), Map.of(), "the fix changes no existing non-test file", 0);
    }
    Path repo = findRepository(task);
    if (repo == null) {
      return new Outcome(task.instanceId(), task.goldFiles(), Map.of(), Map.of(), "no clone of " + task.org() + "/" + task.repo() + " under " + reposDir, 0);
    }
    Path tree = Files.createTempDirectory("acs-eval-");
    try {
      CommitExport.Result export;
      try {
        export = CommitExport.export(repo, task.baseCommit(), tree, MAX_EXPORT_BYTES);
      } catch (RuntimeException | IOException e) {
        // A base commit missing from the clone (an unfetched pull-request base) skips that task only.
        return new Outcome(task.instanceId(), task.goldFiles(), Map.of(), Map.of(),
            "base commit " + task.baseCommit() + " not readable in " + repo + ": " + e.getMessage(), 0);
      }
      // Snapshots lack their largest blobs (data files, far above the export's size cap anyway);
      // only an answer file among them makes the task unanswerable.
      List<String> missingGold = task.goldFiles().stream().filter(export.missing()::contains).toList();
      if (!missingGold.isEmpty()) {
        return new Outcome(task.instanceId(), task.goldFiles(), Map.of(), Map.of(),
            "the clone " + repo + " lacks the blob of " + String.join(", ", missingGold) + " at " + task.baseCommit(), 0);
      }
      // The exported tree has no git of its own: the files' history is the base commit's in the clone.
      FileHistory history = FileHistory.ofCommit(repo, task.baseCommit());
      RepoScan scan = ScanCache.shared().scan(tree).withHistory(history);
      String issue = task.title() + "\n" + task.body();
      Map<String, List<String>> orders = new LinkedHashMap<>();
      orders.put("acs", FileRanking.rankPaths(scan, task.title(), task.body(), RepoMap.RANKING));
      orders.put("acs-graph", FileRanking.rankPaths(scan, task.title(), task.body(), FileRanking.Options.WITH_GRAPH));
      if (withRepoMap) {
        orders.put("repomap", repoMapOrder(tree, issue, history));
      }
      orders.put("bm25", ContentBm25.rank(scan.files(), issue));
      for (double w : graphWeights) {
        orders.put("acs-g" + w, FileRanking.rankPaths(scan, task.title(), task.body(), new FileRanking.Options(w, FileRanking.Options.WITH_GRAPH.lexicalSeeds())));
      }
      Map<String, Integer> ranks = new LinkedHashMap<>();
      Map<String, List<String>> top = new LinkedHashMap<>();
      orders.forEach((name, order) -> {
        ranks.put(name, Recall.firstRank(order, task.goldFiles()));
        top.put(name, order.subList(0, Math.min(TOP_SHOWN, order.size())));
      });
      return new Outcome(task.instanceId(), task.goldFiles(), ranks, top, null, (System.nanoTime() - start) / 1_000_000);
    } finally {
      ScanCache.shared().forget(tree);
      deleteTree(tree);
    }
  }

  /** The order of files in the agent's repository map today, read from its rendering without a budget. */
  static List<String> repoMapOrder(Path tree, String issue, FileHistory history) throws IOException {
    String map = RepoMap.scan(tree, history).render(issue, 100_000_000);
    List<String> order = new ArrayList<>();
    for (String line : map.split("\n")) {
      if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("Repository map:") && !line.startsWith("... ")) {
        order.add(line);
      }
    }
    return order;
  }

  /** The clone of the task's repository under the repositories folder, in any of the usual layouts. */
  public Path findRepository(LocalizeTask task) {
    // Records spell owners in lower case ("fasterxml"); clones keep GitHub's spelling.
    String org = spelledAsOnDisk(reposDir, task.org() + "+" + task.repo()).map(s -> s.substring(0, s.indexOf('+'))).orElse(task.org());
    String name = task.repo();
    for (Path p : List.of(
        reposDir.resolve(org + "+" + name).resolve("repo"), reposDir.resolve(org + "+" + name), reposDir.resolve(org + "__" + name),
        reposDir.resolve(org).resolve(name), reposDir.resolve(name), reposDir.resolve(name + ".git"))) {
      if (Files.isDirectory(p) && CommitExport.isRepository(p)) {
        return p;
      }
    }
    return null;
  }

  private static java.util.Optional<String> spelledAsOnDisk(Path dir, String name) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.equalsIgnoreCase(name)).findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
