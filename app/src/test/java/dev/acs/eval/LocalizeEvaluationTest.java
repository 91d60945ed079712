package dev.acs.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.cli.Main;
import dev.acs.config.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluation on a real git repository: a record whose gold file the ranking must find, at a commit that is not HEAD. */
class LocalizeEvaluationTest {
  @TempDir Path repos;
  @TempDir Path scratch;
  String baseSha;
  String headSha;

  @BeforeEach
  void createRepository() throws Exception {
    Path clone = repos.resolve("acme").resolve("calc");
    Files.createDirectories(clone);
    try (Git git = Git.init().setDirectory(clone.toFile()).setInitialBranch("main").call()) {
      write(clone, "src/main/java/com/acme/calc/NumberParser.java",
          "package com.acme.calc;\n\npublic final class NumberParser {\n  public static double parseDecimal(String text) {\n"
              + "    if (text.endsWith(\".\")) {\n      throw new IllegalArgumentException(\"not a number: \" + text);\n    }\n"
              + "    return Double.parseDouble(text);\n  }\n}\n");
      write(clone, "src/main/java/com/acme/calc/Formatter.java",
          "package com.acme.calc;\n\n/** Formats numbers for output; a number is printed with a decimal point. */\npublic final class Formatter {\n"
              + "  public String format(double number) {\n    return String.valueOf(number);\n  }\n}\n");
      write(clone, "src/main/java/com/acme/calc/Calculator.java",
          "package com.acme.calc;\n\npublic final class Calculator {\n  public double add(String a, String b) {\n"
              + "    return NumberParser.parseDecimal(a) + NumberParser.parseDecimal(b);\n  }\n}\n");
      write(clone, "README.md", "# calc\nA calculator that parses decimal numbers and formats a number.\n");
      write(clone, "src/test/java/com/acme/calc/NumberParserTest.java",
          "package com.acme.calc;\n\nclass NumberParserTest {\n  void parsesDecimalNumber() { NumberParser.parseDecimal(\"3.5\"); }\n}\n");
      git.add().addFilepattern(".").call();
      RevCommit base = git.commit().setMessage("calc").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();
      baseSha = base.getName();
      write(clone, "src/main/java/com/acme/calc/Later.java", "package com.acme.calc;\n\nfinal class Later {}\n");
      git.add().addFilepattern(".").call();
      headSha = git.commit().setMessage("later").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call().getName();
    }
  }

  @Test
  void findsTheFixedFileAtRankOneAndLeavesTheCloneAlone() throws Exception {
    LocalizeTask task = LocalizeTask.of(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(record())));
    LocalizeEvaluation.Report report = new LocalizeEvaluation(repos).run(List.of(task));

    LocalizeEvaluation.Outcome outcome = report.outcomes().get(0);
    assertThat(outcome.skipped()).isNull();
    assertThat(outcome.gold()).containsExactly("src/main/java/com/acme/calc/NumberParser.java");
    assertThat(outcome.ranks()).containsEntry("acs", 1).containsKeys("bm25", "repomap");
    assertThat(outcome.top().get("acs")).doesNotContain("src/main/java/com/acme/calc/Later.java");
    assertThat(report.recall().get("acs").at1()).isEqualTo(1.0);
    try (Git git = Git.open(repos.resolve("acme/calc").toFile())) {
      assertThat(git.getRepository().resolve("HEAD").getName()).isEqualTo(headSha);
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  @Test
  void aRepositoryThatIsNotThereIsSkippedWithItsReason() throws Exception {
    Map<String, Object> r = record();
    r.put("repo", "elsewhere");
    LocalizeEvaluation.Report report = new LocalizeEvaluation(repos).run(List.of(LocalizeTask.of(Json.MAPPER.valueToTree(r))));
    assertThat(report.outcomes().get(0).skipped()).contains("no clone of acme/elsewhere");
    assertThat(report.recall().get("acs").tasks()).isZero();
  }

  @Test
  void aBaseCommitTheCloneDoesNotHaveIsSkippedWithItsReason() throws Exception {
    Map<String, Object> r = record();
    r.put("base", Map.of("sha", "0123456789abcdef0123456789abcdef01234567"));
    LocalizeEvaluation.Report report = new LocalizeEvaluation(repos).run(List.of(LocalizeTask.of(Json.MAPPER.valueToTree(r))));
    assertThat(report.outcomes().get(0).skipped()).contains("0123456789abcdef0123456789abcdef01234567");
    assertThat(report.recall().get("acs").tasks()).isZero();
  }

  @Test
  void aBlobTheCloneLacksIsLeftOutUnlessTheAnswerNeedsIt() throws Exception {
    // Fetched snapshots hold no blob of 4 MiB or more: such a file must not cost the whole task.
    deleteBlob("README.md");
    LocalizeTask task = LocalizeTask.of(Json.MAPPER.valueToTree(record()));
    LocalizeEvaluation.Outcome outcome = new LocalizeEvaluation(repos).run(List.of(task)).outcomes().get(0);
    assertThat(outcome.skipped()).isNull();
    assertThat(outcome.ranks()).containsEntry("acs", 1);
    assertThat(outcome.top().get("bm25")).doesNotContain("README.md");

    deleteBlob("src/main/java/com/acme/calc/NumberParser.java");
    LocalizeEvaluation.Report report = new LocalizeEvaluation(repos).run(List.of(task));
    assertThat(report.outcomes().get(0).skipped()).contains("lacks the blob of src/main/java/com/acme/calc/NumberParser.java").contains(baseSha);
    assertThat(report.recall().get("acs").tasks()).isZero();
  }

  @Test
  void aFileWhoseNameHoldsAControlCharacterIsLeftOutNotTheTask() throws Exception {
    // Apktool keeps a test resource named "non\u0001printable.file": git accepts the name, a file
    // written here may not have it; the task must still be measured (it was skipped whole).
    Path clone = repos.resolve("acme/calc");
    String weird;
    try (Git git = Git.open(clone.toFile())) {
      write(clone, "src/test/resources/non\u0001printable.file", "x\n");
      git.add().addFilepattern(".").call();
      weird = git.commit().setMessage("odd name").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call().getName();
    }
    Map<String, Object> r = record();
    r.put("base", Map.of("sha", weird));
    LocalizeEvaluation.Outcome outcome = new LocalizeEvaluation(repos).run(List.of(LocalizeTask.of(Json.MAPPER.valueToTree(r)))).outcomes().get(0);
    assertThat(outcome.skipped()).isNull();
    assertThat(outcome.ranks()).containsEntry("acs", 1);
  }

  @Test
  void theCommandPrintsEachRankingSideBySide() throws Exception {
    Path tasks = scratch.resolve("tasks.jsonl");
    Files.writeString(tasks, Json.MAPPER.writeValueAsString(record()) + "\n\n");
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("eval", "localize", "--tasks", tasks.toString(), "--repos", repos.toString());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("acme__calc-7").containsPattern("acs\\s+1\\s+100%\\s+100%\\s+100%\\s+1.00").contains("bm25", "repomap");
  }

  @Test
  void theJsonFiguresNameEachRankingAndEachTasksRanks() throws Exception {
    Path tasks = scratch.resolve("tasks.jsonl");
    Files.writeString(tasks, Json.MAPPER.writeValueAsString(record()) + "\n");
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("eval", "localize", "--tasks", tasks.toString(), "--repos", repos.toString(), "--json", "--no-repomap", "--graph-weight", "0.5");
    assertThat(code).isZero();

    com.fasterxml.jackson.databind.JsonNode doc = Json.MAPPER.readTree(out.toString());
    assertThat(doc.get("rankings").fieldNames()).toIterable().containsExactly("acs", "acs-graph", "bm25", "acs-g0.5");
    com.fasterxml.jackson.databind.JsonNode acs = doc.get("rankings").get("acs");
    assertThat(acs.get("tasks").asInt()).isEqualTo(1);
    assertThat(acs.get("recall_at_1").asDouble()).isEqualTo(1.0);
    assertThat(acs.get("mrr").asDouble()).isEqualTo(1.0);
    assertThat(doc.get("rankings").get("bm25").has("recall_at_10")).isTrue();
    com.fasterxml.jackson.databind.JsonNode task = doc.get("tasks").get(0);
    assertThat(task.get("instanceId").asText()).isEqualTo("acme__calc-7");
    assertThat(task.get("ranks").get("acs").asInt()).isEqualTo(1);
    assertThat(task.get("top").get("acs-graph").get(0).asText()).isEqualTo("src/main/java/com/acme/calc/NumberParser.java");
    assertThat(task.get("skipped").isNull()).isTrue();
  }

  @Test
  void aBrokenRecordIsAnErrorNamingItsLine() throws Exception {
    Path tasks = scratch.resolve("tasks.jsonl");
    Files.writeString(tasks, Json.MAPPER.writeValueAsString(record()) + "\n{\"instance_id\": \"x\", \"org\": \"a\", \"repo\": \"b\"}\n");
    assertThatThrownBy(() -> LocalizeEvaluation.readTasks(tasks)).hasMessageContaining("line 2").hasMessageContaining("base");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("eval", "localize", "--tasks", tasks.toString(), "--repos", repos.toString())).isNotZero();
    assertThat(err.toString()).contains("line 2");
  }

  private Map<String, Object> record() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("org", "acme");
    r.put("repo", "calc");
    r.put("instance_id", "acme__calc-7");
    r.put("base", Map.of("sha", baseSha));
    r.put("resolved_issues", List.of(Map.of("title", "A number with a trailing dot like `3.` is refused",
        "body", "Adding \"3.\" and \"1\" fails:\n```\njava.lang.IllegalArgumentException: not a number: 3.\n"
            + "\tat com.acme.calc.NumberParser.parseDecimal(NumberParser.java:6)\n\tat com.acme.calc.Calculator.add(Calculator.java:5)\n```\n")));
    r.put("fix_patch", "diff --git a/src/main/java/com/acme/calc/NumberParser.java b/src/main/java/com/acme/calc/NumberParser.java\n"
        + "--- a/src/main/java/com/acme/calc/NumberParser.java\n+++ b/src/main/java/com/acme/calc/NumberParser.java\n@@ -5,3 +5,0 @@\n"
        + "-    if (text.endsWith(\".\")) {\n-      throw new IllegalArgumentException(\"not a number: \" + text);\n-    }\n");
    return r;
  }

  /** Removes the loose object of {@code path}'s blob at the base commit, as a snapshot without that file would be. */
  private void deleteBlob(String path) throws Exception {
    Path clone = repos.resolve("acme/calc");
    try (Git git = Git.open(clone.toFile())) {
      String id = git.getRepository().resolve(baseSha + ":" + path).getName();
      Files.delete(clone.resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2)));
    }
  }

  private static void write(Path root, String path, String text) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
