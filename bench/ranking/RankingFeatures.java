// Dumps, per task of SWE-bench / Multi-SWE-bench records, the ranking's signals (Signal.java:
// lexical searches, mentions, priors incl. the base commit's history) for the answer files and the
// 200 files with the most evidence, one JSON line per task, so that their weights can be fitted
// offline (bench/ranking/fit.py FEATURES.jsonl...) without running the evaluation again.
// Not part of the build: compile it against app/target/classes and the class path bench/scan.sh
// builds, then run `java -cp ... dev.acs.context.RankingFeatures REPOS_DIR TASKS.jsonl... > FEATURES.jsonl`.
// In package dev.acs.context to reach the ranking's package-private parts.
package dev.acs.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.eval.LocalizeEvaluation;
import dev.acs.eval.LocalizeTask;
import dev.acs.workspace.CommitExport;
import dev.acs.workspace.FileHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

public final class RankingFeatures {
  /** Files kept per task besides the answer: the best by the ranking as it is. */
  static final int CANDIDATES = 200;

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
          RepoScan scan = ScanCache.shared().scan(tree).withHistory(FileHistory.ofCommit(repo, task.baseCommit()));
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
    Map<String, double[]> signals = FileSignals.of(scan, task.title(), task.body());
    Set<String> keep = new LinkedHashSet<>(task.goldFiles());
    signals.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -evidence(e.getValue()) * FileRanking.kindFactor(scan.file(e.getKey())))
            .thenComparing(Map.Entry::getKey))
        .limit(CANDIDATES).forEach(e -> keep.add(e.getKey()));
    List<Map<String, Object>> files = new ArrayList<>();
    for (String p : keep) {
      SourceFile f = scan.file(p);
      if (f == null) {
        continue;
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", p);
      o.put("kind", FileRanking.kindFactor(f));
      double[] v = signals.getOrDefault(p, new double[Signal.ALL.length]);
      for (Signal s : Signal.ALL) {
        o.put(s.name(), v[s.ordinal()]);
      }
      files.add(o);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", task.instanceId());
    out.put("gold", task.goldFiles());
    out.put("total", scan.files().size());
    out.put("files", files);
    return out;
  }

  /** The candidates are the files with the most evidence of any kind, unweighed: whatever the weights being fitted. */
  static double evidence(double[] v) {
    double sum = 0;
    for (Signal s : Signal.ALL) {
      if (s.kind() == Signal.Kind.EVIDENCE) {
        sum += v[s.ordinal()];
      }
    }
    return sum;
  }
}
