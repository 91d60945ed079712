package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real log in src/test/resources/logs against what is known to have failed in it: the
 * java-tasks JSON for the two benchmark tasks, the test sources and the tools' own counts for the
 * rest (README there).
 */
class RealLogsTest {
  private static final FailureExtractor EXTRACTOR = FailureExtractor.withoutCheckout();

  static JsonNode task(String id) throws IOException {
    return Json.MAPPER.readTree(TestLogs.javaTasks().resolve(id + ".json").toFile());
  }

  static List<String> observedFailToPass(String id) throws IOException {
    List<String> out = new ArrayList<>();
    task(id).path("verified_here").path("fail_to_pass_methods_observed").forEach(n -> out.add(n.asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaTaskLogs")
  void javaTaskLogsNameExactlyTheTestsTheTaskSaysFail(String log, String taskId) throws IOException {
    FailureReport report = EXTRACTOR.extract(TestLogs.read(log));

    List<String> expected = observedFailToPass(taskId);
    assertThat(expected).isNotEmpty();
    assertThat(report.failingTestNames()).containsExactlyInAnyOrderElementsOf(expected);
    // The task lists F2P by class; every failing method must be in one of those classes.
    List<String> f2pClasses = new ArrayList<>();
    task(taskId).path("f2p_tests").fieldNames().forEachRemaining(f2pClasses::add);
    assertThat(report.failingTestNames()).allSatisfy(n -> assertThat(f2pClasses).contains(n.substring(0, n.indexOf('#'))));
    assertThat(report.compileErrors()).isEmpty();
    assertThat(report.kind()).isEqualTo(FailureKind.CODE);
    assertThat(report.tool()).isEqualTo("maven");
    assertThat(report.failingTests()).allSatisfy(t -> {
      assertThat(t.message()).isNotBlank();
      assertThat(t.stackHead()).isNotEmpty();
    });
  }

  static Stream<Arguments> javaTaskLogs() {
    return Stream.of(
        Arguments.of("jackson-core-1309-surefire3.log", "fasterxml__jackson-core-1309"),
        Arguments.of("jackson-core-1309-surefire3.actions.log", "fasterxml__jackson-core-1309"),
        Arguments.of("gson-1093-surefire2.log", "google__gson-1093"));
  }

  @Test
  void jacksonFailureCarriesTheAssertionAndTheTestFrame() {
    FailingTest t = EXTRACTOR.extract(TestLogs.read("jackson-core-1309-surefire3.log")).failingTests().get(0);

    assertThat(t.message()).isEqualTo("org.opentest4j.AssertionFailedError: expected: <true> but was: <false>");
    assertThat(t.stackHead()).last().asString()
        .isEqualTo("at com.fasterxml.jackson.core.io.NumberInputTest.looksLikeValidNumberTrue(NumberInputTest.java:109)");
  }

  @Test
  void gsonErrorCarriesTheExceptionAndTheTestFrame() {
    FailingTest t = EXTRACTOR.extract(TestLogs.read("gson-1093-surefire2.log")).failingTests().get(0);

    assertThat(t.message()).isEqualTo("java.lang.IllegalArgumentException: Numeric values must be finite, but was NaN");
    assertThat(t.stackHead()).containsExactly(
        "java.lang.IllegalArgumentException: Numeric values must be finite, but was NaN",
        "at com.google.gson.stream.JsonWriter.value(JsonWriter.java:495)",
        "at com.google.gson.stream.JsonWriterTest.testNonFiniteDoublesWhenLenient(JsonWriterTest.java:222)");
  }

  @Test
  void gsonFullSuiteFindsAllTwentyFailingMethodsOfTheVerifiedRun() throws IOException {
    String log = TestLogs.read("gson-1093-full-suite-surefire2.log");
    FailureReport report = EXTRACTOR.extract(log);

    // verified_here.full_suite: 7 failures + 13 errors, in these classes, F2P method among them.
    JsonNode fullSuite = task("google__gson-1093").path("verified_here").path("full_suite");
    assertThat(fullSuite.path("result").asText()).contains("before 1029 run, 7 failures, 13 errors");
    assertThat(log).contains("Tests run: 1029, Failures: 7, Errors: 13, Skipped: 1");
    assertThat(report.failingTests()).hasSize(20);
    assertThat(report.failingTestNames()).containsAll(observedFailToPass("google__gson-1093"));
    assertThat(report.failingTestNames()).map(n -> n.substring(0, n.indexOf('#'))).containsOnly(
        "com.google.gson.DefaultDateTypeAdapterTest",
        "com.google.gson.functional.DefaultTypeAdaptersTest",
        "com.google.gson.functional.ObjectTest",
        "com.google.gson.functional.ThrowableFunctionalTest",
        "com.google.gson.internal.bind.RecursiveTypesResolveTest",
        "com.google.gson.stream.JsonWriterTest");
    assertThat(report.failingTestNames()).contains(
        "com.google.gson.functional.ThrowableFunctionalTest#testErrornWithCause",
        "com.google.gson.internal.bind.RecursiveTypesResolveTest#testIssue603PrintStream",
        "com.google.gson.DefaultDateTypeAdapterTest#testFormattingInFr");
  }

  private static final String SHAPES = "com.fasterxml.jackson.core.acsshapes.";

  @Test
  void surefire3ShapesErrorsParameterisedNestedAndClassLevel() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("jackson-core-surefire3-shapes.log"));

    assertThat(report.failingTestNames()).containsExactlyInAnyOrder(
        SHAPES + "FlakyTest#passesOnTheSecondRun",
        SHAPES + "SetupFailsTest",
        SHAPES + "ShapesTest#parsesEveryValue",
        SHAPES + "ShapesTest#throwsInsteadOfAsserting",
        SHAPES + "ShapesTest$WhenNegative#keepsTheSign");
    assertThat(report.failingTests()).filteredOn(t -> t.name().endsWith("SetupFailsTest")).singleElement()
        .extracting(FailingTest::message).isEqualTo("java.lang.IllegalStateException: port 8080 already in use");
  }

  @Test
  void surefire3RerunsLeaveFlakesOut() {
    String log = TestLogs.read("jackson-core-surefire3-shapes-rerun.log");
    FailureReport report = EXTRACTOR.extract(log);

    assertThat(log).contains("Tests run: 8, Failures: 1, Errors: 3, Skipped: 0, Flakes: 1");
    assertThat(report.failingTestNames()).containsExactlyInAnyOrder(
        SHAPES + "SetupFailsTest",
        SHAPES + "ShapesTest#parsesEveryValue",
        SHAPES + "ShapesTest#throwsInsteadOfAsserting",
        SHAPES + "ShapesTest$WhenNegative#keepsTheSign");
  }

  @Test
  void jacksonCompileErrorsAreRepoRelativeWithFirstMessageLine() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("jackson-core-compile-error.log"));

    assertThat(report.compileErrors()).containsExactly(
        new CompileError("src/main/java/com/fasterxml/jackson/core/StreamReadConstraints.java", 347, 30,
            "incompatible types: java.lang.String cannot be converted to int", "javac"),
        new CompileError("src/main/java/com/fasterxml/jackson/core/io/NumberInput.java", 585, 27, "cannot find symbol", "javac"));
    assertThat(report.failingTests()).isEmpty();
    assertThat(report.kind()).isEqualTo(FailureKind.CODE);
    assertThat(report.excerpt()).contains("symbol:   method isBlankish()");
  }

  @Test
  void gsonTestCompileErrorsInActionsLogKeepTheModuleDirectory() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("gson-test-compile-error.actions.log"));

    assertThat(report.compileErrors()).extracting(e -> e.file() + ":" + e.line() + ":" + e.column()).containsExactly(
        "gson/src/test/java/com/google/gson/stream/JsonReaderTest.java:41:34",
        "gson/src/test/java/com/google/gson/stream/JsonWriterTest.java:220:15");
    assertThat(report.compileErrors()).extracting(CompileError::message)
        .containsExactly("incompatible types: boolean cannot be converted to java.lang.String", "cannot find symbol");
    assertThat(report.excerpt().lines()).noneMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*Z .*"));
  }

  @Test
  void compilerErrorsWithoutAFileAreReportedWithoutOne() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("maven-compiler-source-option.log"));

    assertThat(report.compileErrors()).containsExactly(
        new CompileError(null, null, null, "Source option 5 is no longer supported. Use 7 or later.", "javac"),
        new CompileError(null, null, null, "Target option 5 is no longer supported. Use 7 or later.", "javac"));
    assertThat(report.kind()).isEqualTo(FailureKind.CODE);
  }

  @Test
  void gradleTestFailures() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("gradle-test.log"));

    assertThat(report.tool()).isEqualTo("gradle");
    assertThat(report.failingTestNames()).containsExactly(
        "com.example.text.SlugTest#dropsPunctuation",
        "com.example.text.SlugTest#truncateShortSlugKeepsIt",
        "com.example.text.SlugEdgeTest#nullTitleIsRejected");
    assertThat(report.failingTests().get(0).message()).isEqualTo("org.junit.ComparisonFailure at SlugTest.java:15");
    assertThat(TestLogs.read("gradle-test.log")).contains("5 tests completed, 3 failed");
  }

  @Test
  void gradleCompileErrorsIncludingTheOneGluedToTheTaskName() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("gradle-compile-error.log"));

    assertThat(report.compileErrors()).containsExactly(
        new CompileError("src/main/java/com/example/text/Slug.java", 8, null, "cannot find symbol", "javac"),
        new CompileError("src/main/java/com/example/text/Slug.java", 12, null, "cannot find symbol", "javac"));
    assertThat(report.tool()).isEqualTo("gradle");
  }

  @Test
  void jestFailures() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("jest.log"));

    assertThat(report.failingTestNames()).containsExactly(
        "src/price.test.js#addTax › adds 20 percent",
        "src/price.test.js#formatPrice › negative › puts the sign first",
        "src/price.test.js#parseQuantity rejects words");
    assertThat(report.failingTests()).extracting(FailingTest::message).containsExactly(
        "expect(received).toBe(expected) // Object.is equality",
        "expect(received).toBe(expected) // Object.is equality",
        "not a number: three");
    assertThat(report.tool()).isEqualTo("npm");
    assertThat(report.kind()).isEqualTo(FailureKind.CODE);
  }

  @Test
  void eslintProblems() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("eslint.log"));

    assertThat(report.lintErrors()).extracting(e -> e.file() + ":" + e.line() + ":" + e.column() + " " + e.severity() + " " + e.rule())
        .containsExactly(
            "src/legacy.js:1:1 warning no-var",
            "src/legacy.js:1:5 error no-unused-vars",
            "src/legacy.js:4:9 error eqeqeq",
            "src/legacy.js:5:12 error no-undef");
    assertThat(report.lintErrors().get(3).message()).isEqualTo("'tru' is not defined");
    assertThat(report.failingTests()).isEmpty();
  }

  @Test
  void mavenCheckstyleViolationsMatchThePluginsCount() {
    String log = TestLogs.read("maven-checkstyle.log");
    FailureReport report = EXTRACTOR.extract(log);

    assertThat(log).contains("You have 22 Checkstyle violations.");
    assertThat(report.lintErrors()).hasSize(22).allSatisfy(e -> {
      assertThat(e.tool()).isEqualTo("checkstyle");
      assertThat(e.file()).isEqualTo("src/main/java/com/example/shop/Cart.java");
    });
    assertThat(report.lintErrors()).anySatisfy(e -> {
      assertThat(e.rule()).isEqualTo("EmptyCatchBlock");
      assertThat(e.line()).isEqualTo(23);
    });
    assertThat(report.compileErrors()).isEmpty();
  }

  @Test
  void mavenPmdViolation() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("maven-pmd.log"));

    assertThat(report.lintErrors()).containsExactly(
        new LintError("pmd", null, 23, null, "EmptyCatchBlock", "3", "Avoid empty catch blocks.", "com.example.shop.Cart"));
  }

  @Test
  void pytestFailuresWithUntruncatedMessages() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("pytest.log"));

    assertThat(report.tool()).isEqualTo("pytest");
    assertThat(report.failingTestNames()).containsExactly(
        "tests/test_cart.py::test_total_uses_quantity",
        "tests/test_cart.py::TestDiscount::test_over_hundred_is_clamped",
        "tests/test_cart.py::TestDiscount::test_table[100-0-99]");
    assertThat(report.failingTests()).extracting(FailingTest::message).containsExactly(
        "assert 2.0 == 6.0", "ValueError: percent must be <= 100", "assert 100.0 == 99");
    assertThat(report.failingTests().get(1).stackHead()).containsExactly(
        "tests/test_cart.py:21:", "shop/cart.py:18: ValueError");
  }

  @Test
  void pytestVerboseGivesTheSameTests() {
    assertThat(EXTRACTOR.extract(TestLogs.read("pytest-verbose.log")).failingTests())
        .isEqualTo(EXTRACTOR.extract(TestLogs.read("pytest.log")).failingTests());
  }

  @Test
  void jestSuiteThatFailedToRunIsAFailureOfTheFile() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("jest-suite-failed.log"));

    assertThat(report.failingTestNames()).containsExactly(
        "src/price.test.js#addTax › adds 20 percent",
        "src/price.test.js#formatPrice › negative › puts the sign first",
        "src/price.test.js#parseQuantity rejects words",
        "src/broken.test.js");
    assertThat(report.failingTests().get(3).message()).isEqualTo("Cannot find module './does-not-exist' from 'src/broken.test.js'");
  }

  @Test
  void pytestCollectionError() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("pytest-collection-error.log"));

    assertThat(report.failingTests()).extracting(FailingTest::name, FailingTest::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("tests/test_orders.py", "ModuleNotFoundError: No module named 'shop.orders'"));
  }

  @Test
  void goTestFailuresWithPackageAndSubtests() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("go-test.log"));

    assertThat(report.tool()).isEqualTo("go");
    assertThat(report.failingTestNames()).containsExactly(
        "example.com/calc/calc#TestAdd",
        "example.com/calc/calc#TestAddTable",
        "example.com/calc/calc#TestAddTable/zero",
        "example.com/calc/calc#TestAddTable/positive",
        "example.com/calc/calc#TestDivByZero");
    assertThat(report.failingTests()).extracting(FailingTest::message).containsExactly(
        "calc_test.go:7: Add(2, 3) = 6, want 5",
        null,
        "calc_test.go:19: Add(0, 0) = 1, want 0",
        "calc_test.go:19: Add(1, 2) = 4, want 3",
        "panic: runtime error: integer divide by zero [recovered]");
  }

  @Test
  void goBuildFailureGivesCompileErrorsAndStillTheOtherPackagesTests() {
    FailureReport report = EXTRACTOR.extract(TestLogs.read("go-test-build-failed.log"));

    assertThat(report.compileErrors()).containsExactly(
        new CompileError("broken/broken.go", 5, 13, "undefined: factor", "go"),
        new CompileError("broken/broken.go", 10, 9, "cannot use 42 (untyped int constant) as string value in return statement", "go"));
    assertThat(report.failingTestNames()).hasSize(5).allSatisfy(n -> assertThat(n).startsWith("example.com/calc/calc#"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("infraLogs")
  void infrastructureLogsAreInfraWithNoFindings(String log, String reasonStart) {
    FailureReport report = EXTRACTOR.extract(TestLogs.read(log));

    assertThat(report.kind()).isEqualTo(FailureKind.INFRA);
    assertThat(report.reason()).startsWith(reasonStart);
    assertThat(report.failingTests()).isEmpty();
    assertThat(report.compileErrors()).isEmpty();
  }

  static Stream<Arguments> infraLogs() {
    return Stream.of(
        Arguments.of("maven-infra-refused.log", "artifact download failed"),
        Arguments.of("maven-infra-unknownhost.log", "artifact download failed"),
        Arguments.of("curl-unknown-host.actions.log", "host name not resolvable"),
        Arguments.of("sigkill-137.actions.log", "killed with SIGKILL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allLogs")
  void everyExcerptFitsInEightKilobytes(String log) {
    FailureReport report = EXTRACTOR.extract(TestLogs.read(log));

    assertThat(report.excerpt().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8 * 1024);
    assertThat(report.excerpt()).isNotBlank().doesNotContain("\u001B[");
  }

  static Stream<String> allLogs() throws IOException {
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(TestLogs.dir())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList().stream();
    }
  }
}
