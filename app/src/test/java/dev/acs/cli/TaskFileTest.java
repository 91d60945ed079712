package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskFileTest {
  @TempDir Path tmp;

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("markdown heading", "# Greet politely\n\nAdd a comma.\nAnd a bang.\n", "Greet politely", "Add a comma.\nAnd a bang.", 0),
        Arguments.of("plain first line", "\n\nGreet politely\nAdd a comma.", "Greet politely", "Add a comma.", 0),
        Arguments.of("title only", "## Greet politely", "Greet politely", "", 0),
        Arguments.of("json", "{\"title\": \"Greet politely\", \"body\": \"Add a comma.\", \"issue\": 12}", "Greet politely", "Add a comma.", 12),
        Arguments.of("json without body", "{\"title\": \"Greet politely\"}", "Greet politely", "", 0),
        Arguments.of("swe-bench", "{\"problem_statement\": \"Greet politely\\nAdd a comma.\"}", "Greet politely", "Add a comma.", 0),
        Arguments.of("multi-swe-bench prefers the issue to the pull request",
            "{\"title\": \"Fix #7: add the comma\", \"body\": \"the fix\", \"resolved_issues\": [{\"number\": 7, \"title\": \"Greet politely\","
                + " \"body\": \"Add a comma.\"}]}",
            "Greet politely", "Add a comma.", 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void readsTheTaskFormats(String name, String text, String title, String body, int issue) throws Exception {
    Path f = tmp.resolve("task");
    Files.writeString(f, text);
    assertThat(TaskFile.read(f)).isEqualTo(new TaskFile(title, body, issue));
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("  \n\t\n", "is empty"),
        Arguments.of("{\"title\": ", "is not valid JSON"),
        Arguments.of("{\"body\": \"no title\"}", "has no \"title\""),
        Arguments.of("{\"title\": \"  \"}", "has no title"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badFiles")
  void aBadFileIsAUserError(String text, String message) throws Exception {
    Path f = tmp.resolve("task");
    Files.writeString(f, text);
    assertThatThrownBy(() -> TaskFile.read(f)).isInstanceOf(UserError.class).hasMessageContaining(message);
  }

  @Test
  void theRealBenchmarkRecordsAreTasks() throws Exception {
    Path dir = dev.acs.testing.SharedFolder.require("java-tasks");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".json")).map(TaskFile::read))
          .isNotEmpty()
          .allSatisfy(t -> {
            assertThat(t.issue()).isPositive();
            assertThat(t.title()).isNotBlank();
            assertThat(t.body()).isNotBlank();
          });
    }
  }
}
