package dev.acs.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluation on the shared real Java tasks, against local clones of jackson-core and gson
 * named by {@code -Dacs.eval.repos=DIR}; skipped without it (the clones are not in the project).
 */
class SharedTasksLocalizeTest {
  @Test
  void acsFindsTheFixedFileOfEachSharedTaskAtRankOne() throws Exception {
    String repos = System.getProperty("acs.eval.repos");
    assumeTrue(repos != null, "set -Dacs.eval.repos to a folder with clones of FasterXML/jackson-core and google/gson");
    List<LocalizeTask> tasks = new ArrayList<>();
    for (String id : List.of("fasterxml__jackson-core-1309", "google__gson-1093")) {
      tasks.add(LocalizeTask.of(Json.MAPPER.readTree(LocalizeTaskTest.SHARED.resolve(id + ".json").toFile())));
    }
    LocalizeEvaluation.Report report = new LocalizeEvaluation(Path.of(repos)).run(tasks);
    assertThat(report.outcomes()).allSatisfy(o -> assertThat(o.skipped()).isNull());
    assertThat(report.recall().get("acs").at1()).isEqualTo(1.0);
    assertThat(report.recall().get("acs").mrr()).isGreaterThanOrEqualTo(report.recall().get("bm25").mrr());
    assertThat(Files.isDirectory(Path.of(repos))).isTrue();
  }
}
