package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JUnitXmlReportsTest {
  private static FailureReport fromXml(String dir, List<String> problems) {
    return FailureExtractor.withoutCheckout().extract("", List.of(TestLogs.path(dir)), problems);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "junit-xml/jackson-core-1309 | com.fasterxml.jackson.core.io.NumberInputTest#looksLikeValidNumberTrue | org.opentest4j.AssertionFailedError: expected: <true> but was: <false>",
      "junit-xml/gson-1093 | com.google.gson.stream.JsonWriterTest#testNonFiniteDoublesWhenLenient | java.lang.IllegalArgumentException: Numeric values must be finite, but was NaN",
  })
  void surefireReportsOfTheJavaTasks(String dir, String name, String message) {
    List<String> problems = new ArrayList<>();
    FailureReport report = fromXml(dir, problems);

    assertThat(problems).isEmpty();
    assertThat(report.failingTests()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo(name);
      assertThat(t.message()).isEqualTo(message);
      assertThat(t.stackHead()).last().asString().startsWith("at " + name.replace('#', '.') + "(");
    });
    assertThat(report.tool()).isEqualTo("junit-xml");
  }

  @Test
  void gradleReportsHaveTheSameTestsAsGradlesConsole() {
    FailureReport xml = fromXml("junit-xml/gradle", new ArrayList<>());
    FailureReport console = FailureExtractor.withoutCheckout().extract(TestLogs.read("gradle-test.log"));

    assertThat(xml.failingTestNames()).containsExactlyInAnyOrderElementsOf(console.failingTestNames());
    // The XML has the full message the console's short format leaves out.
    assertThat(xml.failingTests()).filteredOn(t -> t.name().endsWith("#dropsPunctuation")).singleElement()
        .extracting(FailingTest::message).asString().startsWith("org.junit.ComparisonFailure: expected:<fix-npe-in-parser[]>");
  }

  @Test
  void xmlAndLogMergeIntoOneEntryPerTest() {
    FailureReport both = FailureExtractor.withoutCheckout().extract(
        TestLogs.read("gson-1093-surefire2.log"), List.of(TestLogs.path("junit-xml/gson-1093")), new ArrayList<>());

    assertThat(both.failingTestNames()).containsExactly("com.google.gson.stream.JsonWriterTest#testNonFiniteDoublesWhenLenient");
  }

  @Test
  void flakyAndSkippedAreNotFailures(@TempDir Path dir) throws Exception {
    // Element names as Surefire's re-run reports write them (surefire-test-report XSD).
    Files.writeString(dir.resolve("TEST-x.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="x.T" tests="3" failures="0" errors="0" skipped="1">
          <testcase name="flaky" classname="x.T"><flakyFailure message="once" type="java.lang.AssertionError"/></testcase>
          <testcase name="skipped" classname="x.T"><skipped/></testcase>
          <testcase name="junit5()" classname="x.T"><error message="boom" type="java.lang.IllegalStateException">java.lang.IllegalStateException: boom
        \tat x.T.junit5(T.java:9)
        \tat org.junit.Runner.run(Runner.java:1)</error></testcase>
        </testsuite>
        """);

    FailureReport report = FailureExtractor.withoutCheckout().extract("", List.of(dir), new ArrayList<>());

    assertThat(report.failingTests()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("x.T#junit5");
      assertThat(t.message()).isEqualTo("java.lang.IllegalStateException: boom");
      assertThat(t.stackHead()).containsExactly("java.lang.IllegalStateException: boom", "at x.T.junit5(T.java:9)");
    });
  }
}
