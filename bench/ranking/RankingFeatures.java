// Dumps, per task of SWE-bench / Multi-SWE-bench records, the parts of ACS's file ranking for the
// likely files (lexical score, mentions, quoted messages, kind of file, and the reference graph's walk share for a
// few variants of the graph and its seeds), one JSON line per task, so that their combination can
// be tuned offline (bench/ranking/tune.py FEATURES.jsonl) without running the evaluation again.
// Not part of the build: compile it against app/target/classes and the class path bench/scan.sh
// builds, then run `java -cp ... dev.acs.context.RankingFeatures REPOS_DIR TASKS.jsonl...`.
// In package dev.acs.context to reach the ranking's package-private parts.
package dev.acs.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.eval.LocalizeEvaluation;
import dev.acs.eval.LocalizeTask;
import dev.acs.workspace.CommitExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

public final class RankingFeatures {
  static final double[] BACKWARD = {0, 0.5, 1};
  static final int[] SEEDS = {0, 5, 10};

  public static void main(String[] args) throws Exception {
    Path repos = Path.of(args[0]);
    ObjectMapper json = new ObjectMapper();
    for (int a = 1; a < args.length; a++) {
      for (LocalizeTask task : LocalizeEvaluation.readTasks(Path.of(args[a]))) {
        Path repo = new LocalizeEvaluation(repos).findRepository(task);
        if (repo == null || task.goldFiles().isEmpty()) {
          continue;
        }
        Path tree = Files.createTempDirectory("acs-features-");
        try {
          try {
            CommitExport.export(repo, task.baseCommit(), tree, 2L * 1024 * 1024);
          } catch (Exception e) {
            continue;
          }
          RepoScan scan = ScanCache.shared().scan(tree);
          System.out.println(json.writeValueAsString(features(task, scan)));
          System.out.flush();
        } finally {
          ScanCache.shared().forget(tree);
          try (Stream<Path> walk = Files.walk(tree)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    }
  }

  static Map<String, Object> features(LocalizeTask task, RepoScan scan) {
    Map<String, Double> lexical = scan.search(FileRanking.query(task.title(), task.body()));
    double max = lexical.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    IssueMentions mentions = IssueMentions.of(task.title(), task.body());
    Map<String, Double> quoted = FileRanking.messageScores(scan, mentions);
    Map<String, double[]> base = new HashMap<>();
    for (SourceFile f : scan.files()) {
      double lex = max > 0 ? lexical.getOrDefault(f.path(), 0.0) / max : 0;
      double mention = FileRanking.mentionScore(f, scan.facts(f.path()), mentions);
      base.put(f.path(), new double[] {lex, mention, FileRanking.kindFactor(f), quoted.getOrDefault(f.path(), 0.0)});
    }
    Set<String> keep = new LinkedHashSet<>(task.goldFiles());
    base.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -(e.getValue()[0] + 0.6 * Math.log1p(e.getValue()[1])) * e.getValue()[2]))
        .limit(300).forEach(e -> keep.add(e.getKey()));
    Map<String, Map<String, Double>> walks = new LinkedHashMap<>();
    for (double backward : BACKWARD) {
      ReferenceGraph graph = ReferenceGraph.of(scan, backward);
      for (int seeds : SEEDS) {
        Map<String, Double> s = new HashMap<>();
        base.forEach((p, v) -> {
          double m = 0.6 * Math.log1p(v[1]);
          if (m > 0) {
            s.put(p, v[0] + m);
          }
        });
        base.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
            .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -(e.getValue()[0] + 0.6 * Math.log1p(e.getValue()[1]))))
            .limit(seeds).forEach(e -> s.put(e.getKey(), e.getValue()[0] + 0.6 * Math.log1p(e.getValue()[1])));
        Map<String, Double> w = FileRanking.graphShare(graph, s);
        walks.put("b" + backward + "s" + seeds, w);
        w.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(50).forEach(e -> keep.add(e.getKey()));
      }
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (String p : keep) {
      double[] v = base.get(p);
      if (v == null) {
        continue;
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("path", p);
      f.put("lex", v[0]);
      f.put("mention", v[1]);
      f.put("kind", v[2]);
      f.put("message", v[3]);
      Map<String, Double> w = new LinkedHashMap<>();
      walks.forEach((k, m) -> w.put(k, m.getOrDefault(p, 0.0)));
      f.put("walk", w);
      files.add(f);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", task.instanceId());
    out.put("gold", task.goldFiles());
    out.put("total", scan.files().size());
    out.put("files", files);
    return out;
  }
}
