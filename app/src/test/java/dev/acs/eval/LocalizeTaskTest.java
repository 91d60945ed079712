package dev.acs.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Records in both schemas, read from the shared real tasks (Multi-SWE-bench fields and their SWE-bench names). */
class LocalizeTaskTest {
  static final Path SHARED = Path.of(System.getProperty("acs.javaTasks", "../../shared/java-tasks"));

  @ParameterizedTest
  @CsvSource({
    "fasterxml__jackson-core-1309, fasterxml, jackson-core, src/main/java/com/fasterxml/jackson/core/io/NumberInput.java",
    "google__gson-1093, google, gson, gson/src/main/java/com/google/gson/stream/JsonWriter.java"
  })
  void readsBothSchemasOfARealRecordAlike(String id, String org, String repo, String fixed) throws Exception {
    Path file = SHARED.resolve(id + ".json");
    assumeTrue(Files.isRegularFile(file), "shared tasks not at " + SHARED);
    JsonNode record = Json.MAPPER.readTree(file.toFile());
    LocalizeTask multi = LocalizeTask.of(record);
    LocalizeTask swe = LocalizeTask.of(record.get("swe_bench_style"));

    assertThat(multi.org()).isEqualTo(org);
    assertThat(multi.repo()).isEqualTo(repo);
    assertThat(multi.goldFiles()).contains(fixed).noneMatch(p -> p.contains("/test/"));
    assertThat(swe.goldFiles()).isEqualTo(multi.goldFiles());
    assertThat(swe.baseCommit()).isEqualTo(multi.baseCommit()).isEqualTo(record.path("base").path("sha").asText());
    assertThat(swe.repo()).isEqualToIgnoringCase(repo);
    assertThat(multi.title()).isNotBlank();
  }

  @Test
  void newFilesAndTestsAreNotAnswers() {
    String patch = "diff --git a/src/A.java b/src/A.java\n--- a/src/A.java\n+++ b/src/A.java\n@@ -1 +1 @@\n-a\n+b\n"
        + "diff --git a/src/B.java b/src/B.java\nnew file mode 100644\n--- /dev/null\n+++ b/src/B.java\n@@ -0,0 +1 @@\n+b\n"
        + "diff --git a/src/test/java/ATest.java b/src/test/java/ATest.java\n--- a/src/test/java/ATest.java\n+++ b/src/test/java/ATest.java\n";
    assertThat(LocalizeTask.changedFiles(patch)).isEqualTo(List.of("src/A.java"));
  }
}
