package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FileRankingTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "looksLikeValidNumber | looks valid number lookslikevalidnumber",
    "JSON_WRITER_2 | json_writer_2 json writer",
    "parseXMLResponse | parsexmlresponse parse xml response",
  })
  void identifiersGiveThemselvesAndTheirParts(String text, String expected) {
    assertThat(String.join(" ", Terms.of(text).stream().sorted().toList()))
        .isEqualTo(String.join(" ", List.of(expected.split(" ")).stream().sorted().toList()));
  }

  @Test
  void mentionsComeFromFramesPathsTypesAndBackticks() {
    IssueMentions m = IssueMentions.of("JsonWriter#value(double) is not lenient",
        "See gson/src/Foo.java and `NumberInput.looksLikeValidNumber()`\n\tat com.x.Bar.run(Bar.java:10)\n");
    assertThat(m.paths()).containsKey("gson/src/Foo.java");
    assertThat(m.frameFiles()).containsKey("Bar.java");
    assertThat(m.names()).containsKeys("JsonWriter", "value", "NumberInput", "looksLikeValidNumber");
    assertThat(m.names().get("JsonWriter")).isGreaterThan(m.names().get("NumberInput"));
  }

  @Test
  void theFileANamedTypeLivesInOutranksFilesThatOnlyUseIt() {
    List<SourceFile> files = List.of(
        new SourceFile("src/main/java/a/Writer.java", "class Writer { void value(double d) { if (Double.isNaN(d)) throw new IllegalArgumentException(); } }"),
        new SourceFile("src/main/java/a/Gson.java", "class Gson { Writer writer; void toJson(double d) { writer.value(d); writer.value(d); } }"),
        new SourceFile("src/test/java/a/WriterTest.java", "class WriterTest { void nan() { new Writer().value(Double.NaN); } }"),
        new SourceFile("docs/writer.md", "Writer value double NaN lenient Writer value"));
    List<String> ranked = FileRanking.rankPaths(files, "Writer#value(double) refuses NaN even when lenient", "Calling value with NaN throws.");
    assertThat(ranked.get(0)).isEqualTo("src/main/java/a/Writer.java");
  }

  @Test
  void aTestOrADocumentRanksBelowCodeThatMatchesAsWell() {
    String text = "class Parser { void parse(String number) { } }";
    List<String> ranked = FileRanking.rankPaths(List.of(
        new SourceFile("src/test/java/a/ParserTest.java", text), new SourceFile("docs/Parser.md", text), new SourceFile("src/main/java/a/Parser.java", text)),
        "Parser fails to parse a number", "");
    assertThat(ranked).containsExactly("src/main/java/a/Parser.java", "src/test/java/a/ParserTest.java", "docs/Parser.md");
  }

  @Test
  void theIssueTemplateTheIssueWasWrittenFromRanksBelowTheCode() {
    String template = "**Describe the bug**\nA clear and concise description of what the bug is.\n**Expected behavior**\n**Screenshots**\n";
    List<String> ranked = FileRanking.rankPaths(List.of(
        new SourceFile(".github/ISSUE_TEMPLATE/bug_report.md", template),
        new SourceFile("src/cards/repo-card.js", "function renderRepoCard(repo) { return description(repo.description); }")),
        "Repo card description is cut", template.replace("A clear and concise description of what the bug is.", "The repo card cuts the description."));
    assertThat(ranked.get(0)).isEqualTo("src/cards/repo-card.js");
  }

  @ParameterizedTest
  @CsvSource({
    "src/plugin/utc/index.js, utc",
    "pkg/foo/__init__.py, foo",
    "src/main/java/a/JsonWriter.java, JsonWriter",
    "index.js, index",
  })
  void genericFileNamesGoByTheirFolder(String path, String name) {
    assertThat(FileRanking.nameOf(path)).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource({
    "src/test/java/a/FooTest.java, true",
    "test/plugin/utc.test.js, true",
    "pkg/tests/test_foo.py, true",
    "foo/bar_test.go, true",
    "src/main/java/a/Testing.java, false",
    "src/main/java/a/Foo.java, false",
  })
  void testFilesAreToldApart(String path, boolean test) {
    assertThat(SourceFile.looksLikeTest(path)).isEqualTo(test);
  }
}
