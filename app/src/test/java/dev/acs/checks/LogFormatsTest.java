package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Output shapes that could not be produced on this machine, one row each, written after the
 * tools' documented formats. SYNTHETIC: every other parser test runs on a real log.
 * Rows: log (\n as "\\n") | expected failing test names (;-separated) | expected compile errors
 * (file:line;...) | expected lint (tool:file:line:rule;...).
 */
class LogFormatsTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // Gradle 7/8 with JUnit 5 (only Gradle 4.4.1 installs here)
      "Gradle 8 JUnit 5 | > Task :app:test FAILED\\n\\nSlugTest > dropsPunctuation() FAILED\\n    org.opentest4j.AssertionFailedError at SlugTest.java:15\\n\\nSlugTest > table(int) > [2] 2 FAILED\\n    org.opentest4j.AssertionFailedError at SlugTest.java:30\\n\\n5 tests completed, 2 failed | SlugTest#dropsPunctuation;SlugTest#table | |",
      // Surefire 2.22 with JUnit 5 prints the method alone under the class's Running line
      "Surefire 2.22 JUnit 5 | [INFO] Running com.x.FooTest\\n[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.02 s <<< FAILURE! - in com.x.FooTest\\n[ERROR] addsUp  Time elapsed: 0.01 s  <<< FAILURE!\\norg.opentest4j.AssertionFailedError: expected: <2> but was: <3>\\n\\tat com.x.FooTest.addsUp(FooTest.java:12)\\n | com.x.FooTest#addsUp | |",
      // Surefire 2.19-2.22 summary when the detail blocks were cut from the log
      "Surefire 2.22 summary only | [INFO] Running com.x.FooTest\\n[ERROR] Failures: \\n[ERROR]   FooTest.addsUp:12 expected: <2> but was: <3>\\n[ERROR] Errors: \\n[ERROR]   FooTest.parses:20 » NumberFormat For input string: \"\"\\n[INFO] \\n[ERROR] Tests run: 2, Failures: 1, Errors: 1, Skipped: 0 | com.x.FooTest#addsUp;com.x.FooTest#parses | |",
      // plain javac (ant, scripts)
      "javac | src/main/java/A.java:3: error: ';' expected\\n    int x = 1\\n             ^\\n1 error | | src/main/java/A.java:3 |",
      // checkstyle's own command line
      "checkstyle CLI | Starting audit...\\n[WARN] /work/p/src/main/java/A.java:14:5: Missing a Javadoc comment. [MissingJavadocMethod]\\n[ERROR] /work/p/src/main/java/A.java:3:8: Unused import - java.util.List. [UnusedImports]\\nAudit done. | | | checkstyle:src/main/java/A.java:14:MissingJavadocMethod;checkstyle:src/main/java/A.java:3:UnusedImports",
      // PMD 7's text renderer (pmd check -f text)
      "PMD text | src/main/java/A.java:12:\\tUnusedLocalVariable:\\tAvoid unused local variables such as 'x'. | | | pmd:src/main/java/A.java:12:UnusedLocalVariable",
      // go test -v
      "go test -v | === RUN   TestAdd\\n    calc_test.go:7: Add(2, 3) = 6, want 5\\n--- FAIL: TestAdd (0.00s)\\n=== RUN   TestDiv\\n--- PASS: TestDiv (0.00s)\\nFAIL\\nFAIL\\texample.com/calc/calc\\t0.004s | example.com/calc/calc#TestAdd | |",
      // lines that look close but are not failures
      "near misses | Tests run: 3, Failures: 0, Errors: 0, Skipped: 0\\n[WARNING] /p/src/main/java/A.java:[3,8] [deprecation] Foo in bar has been deprecated\\nFAILED to fetch optional plugin (ignored)\\nok  \\texample.com/x\\t0.01s | | |",
  })
  void parses(String label, String log, String tests, String compile, String lint) {
    // An empty CSV column arrives as null.
    tests = tests == null ? "" : tests;
    compile = compile == null ? "" : compile;
    lint = lint == null ? "" : lint;
    FailureReport r = FailureExtractor.withoutCheckout().extract(log.replace("\\n", "\n").replace("\\t", "\t"));

    assertThat(String.join(";", r.failingTestNames())).as(label).isEqualTo(tests);
    assertThat(String.join(";", r.compileErrors().stream().map(e -> e.file() + ":" + e.line()).toList())).as(label).isEqualTo(compile);
    assertThat(String.join(";", r.lintErrors().stream().map(e -> e.tool() + ":" + e.file() + ":" + e.line() + ":" + e.rule()).toList()))
        .as(label).isEqualTo(lint);
  }
}
