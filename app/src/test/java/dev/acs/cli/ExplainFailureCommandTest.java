package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExplainFailureCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private static Path logs() throws URISyntaxException {
    return Path.of(ExplainFailureCommandTest.class.getResource("/logs").toURI());
  }

  @Test
  void printsTheReportOfAnActionsJobLogAsJson() throws Exception {
    int exit = run("explain-failure", "--log", logs().resolve("jackson-core-1309-surefire3.actions.log").toString());

    assertThat(exit).isZero();
    JsonNode json = Json.MAPPER.readTree(out.toString());
    assertThat(json.path("tool").asText()).isEqualTo("maven");
    assertThat(json.path("kind").asText()).isEqualTo("CODE");
    assertThat(json.path("failing_tests")).hasSize(1);
    assertThat(json.path("failing_tests").get(0).path("name").asText())
        .isEqualTo("com.fasterxml.jackson.core.io.NumberInputTest#looksLikeValidNumberTrue");
    assertThat(json.path("failing_tests").get(0).path("stack_head")).isNotEmpty();
    assertThat(json.path("compile_errors")).isEmpty();
    assertThat(json.path("excerpt").asText()).contains("NumberInputTest.looksLikeValidNumberTrue -- Time elapsed");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void textFormatIsForReading() throws Exception {
    int exit = run("explain-failure", "--format", "text", "--log", logs().resolve("jackson-core-1309-surefire3.actions.log").toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("verdict: the code fails (worth a repair)\nbuild tool: maven\n")
        .contains("failing tests (1):\n  com.fasterxml.jackson.core.io.NumberInputTest#looksLikeValidNumberTrue\n")
        .contains("excerpt a model would get:\n  │ ")
        .doesNotContain("\"failing_tests\"");
  }

  @Test
  void textFormatNamesCompileErrorsWhereTheyAre() throws Exception {
    run("explain-failure", "--format=TEXT", "--log", logs().resolve("jackson-core-compile-error.log").toString());

    assertThat(out.toString()).contains("compile errors (")
        .contains("  src/main/java/com/fasterxml/jackson/core/StreamReadConstraints.java:347: incompatible types: java.lang.String cannot be converted to int\n");
  }

  @Test
  void compileErrorsHaveFileLineAndMessage() throws Exception {
    run("explain-failure", "--log", logs().resolve("jackson-core-compile-error.log").toString());

    JsonNode first = Json.MAPPER.readTree(out.toString()).path("compile_errors").get(0);
    assertThat(first.path("file").asText()).isEqualTo("src/main/java/com/fasterxml/jackson/core/StreamReadConstraints.java");
    assertThat(first.path("line").asInt()).isEqualTo(347);
    assertThat(first.path("message").asText()).isEqualTo("incompatible types: java.lang.String cannot be converted to int");
  }

  @Test
  void readsJUnitXmlWithoutALog() throws Exception {
    int exit = run("explain-failure", "--junit-xml", logs().resolve("junit-xml/gson-1093").toString());

    assertThat(exit).isZero();
    JsonNode json = Json.MAPPER.readTree(out.toString());
    assertThat(json.path("failing_tests").get(0).path("name").asText())
        .isEqualTo("com.google.gson.stream.JsonWriterTest#testNonFiniteDoublesWhenLenient");
    assertThat(json.path("tool").asText()).isEqualTo("junit-xml");
  }

  @Test
  void repoRootMakesMultiModulePathsExact(@TempDir Path checkout) throws Exception {
    // The gson layout: the module directory "gson" sits under the repository root.
    Path file = checkout.resolve("gson/src/test/java/com/google/gson/stream/JsonWriterTest.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "class JsonWriterTest {}");
    Files.createDirectories(checkout.resolve("gson/src/test/java/com/google/gson/stream"));
    Files.writeString(checkout.resolve("gson/src/test/java/com/google/gson/stream/JsonReaderTest.java"), "class JsonReaderTest {}");
    Path log = checkout.resolve("build.log");
    // The Actions log's paths are /home/runner/...; rewrite them to an unknown machine's path.
    Files.writeString(log, Files.readString(logs().resolve("gson-test-compile-error.actions.log")).replace("/home/runner/work/gson/gson/", "/srv/ci/build-7/"));

    run("explain-failure", "--log", log.toString(), "--repo-root", checkout.toString());

    JsonNode errors = Json.MAPPER.readTree(out.toString()).path("compile_errors");
    assertThat(errors.get(0).path("file").asText()).isEqualTo("gson/src/test/java/com/google/gson/stream/JsonReaderTest.java");
    assertThat(errors.get(1).path("file").asText()).isEqualTo("gson/src/test/java/com/google/gson/stream/JsonWriterTest.java");
  }

  @Test
  void missingLogIsAClearUserError() {
    int exit = run("explain-failure", "--log", "/nonexistent/build.log");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("acs: --log /nonexistent/build.log: no such file");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void noInputIsAClearUserError() {
    assertThat(run("explain-failure")).isEqualTo(2);
    assertThat(err.toString()).contains("give --log FILE and/or --junit-xml DIR");
  }

  @Test
  void unreadableReportIsAWarningNotACrash(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("TEST-broken.xml"), "<testsuite><testcase name='a' classname='b'><failure message='x'>");
    Files.writeString(dir.resolve("TEST-xxe.xml"),
        "<?xml version='1.0'?><!DOCTYPE t [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><testsuite><testcase name='a' classname='b'>"
            + "<failure message='&x;'/></testcase></testsuite>");

    int exit = run("explain-failure", "--junit-xml", dir.toString());

    assertThat(exit).isZero();
    assertThat(err.toString()).contains("acs: warning: junit-xml: TEST-broken.xml skipped").contains("TEST-xxe.xml skipped");
    assertThat(out.toString()).doesNotContain("root:");
  }
}
