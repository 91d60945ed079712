package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoMapTest {
  @TempDir Path root;

  @BeforeEach
  void repo() throws Exception {
    write("src/main/java/com/acme/json/JsonParser.java",
        """
        package com.acme.json;
        import java.util.List;
        public class JsonParser extends BaseParser implements AutoCloseable {
          public JsonParser(String text) {}
          public List<String> parseArray(String text, int depth) { return null; }
          private void helper() {}
          public void close() {}
          public enum Mode { STRICT, LENIENT }
        }
        """);
    write("src/main/java/com/acme/http/HttpClient.java",
        """
        package com.acme.http;
        public interface HttpClient { String get(String url); }
        """);
    write("src/main/java/com/acme/Point.java", "package com.acme; public record Point(int x, int y) { }\n");
    write("src/main/java/com/acme/Broken.java", "package com.acme; public class Broken { void f( { }\n");
    write("README.md", "# acme\n");
    write("target/classes/Junk.java", "class Junk {}\n");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/main\n");
  }

  private void write(String path, String text) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void outlinesJavaAndRanksByTheIssue() throws Exception {
    RepoMap map = RepoMap.scan(root);
    assertThat(map.fileCount()).isEqualTo(5);
    String text = map.render("JsonParser.parseArray fails on nested arrays", 2000);
    assertThat(text).startsWith("Repository map: 5 files");
    String[] lines = text.split("\n");
    assertThat(lines[1]).isEqualTo("src/main/java/com/acme/json/JsonParser.java");
    assertThat(text)
        .contains("  public class JsonParser extends BaseParser implements AutoCloseable\n")
        .contains("    public JsonParser(String text)\n")
        .contains("    public List<String> parseArray(String text, int depth)\n")
        .contains("    public enum Mode\n")
        .doesNotContain("helper")
        .doesNotContain("Junk")
        .doesNotContain(".git/HEAD");
    // Files the issue does not mention appear as paths only.
    assertThat(text).contains("src/main/java/com/acme/http/HttpClient.java\n").doesNotContain("String get(String url)");
    assertThat(text).contains("README.md\n").contains("src/main/java/com/acme/Broken.java\n");
  }

  @Test
  void recordsAreOutlinedWithTheirComponents() throws Exception {
    String text = RepoMap.scan(root).render("Point record", 2000);
    assertThat(text).contains("  public record Point(int x, int y)\n");
  }

  @ParameterizedTest(name = "budget {0} tokens")
  @CsvSource({"40", "60", "100", "500"})
  void staysWithinTheTokenBudget(int budget) throws Exception {
    String text = RepoMap.scan(root).render("JsonParser parseArray", budget);
    assertThat(RepoMap.approxTokens(text)).isLessThanOrEqualTo(budget);
  }

  @Test
  void aSmallBudgetKeepsTheMostRelevantFileFirst() throws Exception {
    String text = RepoMap.scan(root).render("HttpClient get", 60);
    assertThat(text.split("\n")[1]).startsWith("src/main/java/com/acme/http/HttpClient.java");
    assertThat(text).contains("more files not shown");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "JsonParser           | json parser",
        "parseHTTPResponse    | parse http response",
        "read_file of the map | read map",
        "XMLHttpRequest       | xml http request",
      })
  void splitsIdentifiersIntoWords(String text, String words) {
    assertThat(String.join(" ", RepoMap.words(text))).isEqualTo(words);
  }

  @Test
  void approximatesFourCharactersPerToken() {
    assertThat(RepoMap.approxTokens("")).isZero();
    assertThat(RepoMap.approxTokens("abcd")).isEqualTo(1);
    assertThat(RepoMap.approxTokens("abcde")).isEqualTo(2);
  }
}
