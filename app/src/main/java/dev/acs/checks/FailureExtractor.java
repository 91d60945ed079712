package dev.acs.checks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a failing build's log (plain console output or a GitHub Actions job log) and, where
 * present, its JUnit XML reports, and reports what failed: tests, compile errors, lint
 * violations, whether the failure is the code's or the infrastructure's, and an excerpt for the
 * model. Every parser runs on every log, so one log may mix tools (a Maven build running
 * checkstyle, an npm script running ESLint then Jest). Nothing is reported that the log does not
 * state; names are as complete as the log makes them.
 */
public final class FailureExtractor {
  private static final List<LogParser> PARSERS = List.of(
      new JavacErrors(), new SurefireReports(), new GradleTests(), new JestTests(), new PytestTests(), new GoTests(), new LintErrors());

  private final RepoPaths paths;

  private FailureExtractor(RepoPaths paths) {
    this.paths = paths;
  }

  /** For logs whose repository is not on disk; see {@link RepoPaths} for how paths are made relative. */
  public static FailureExtractor withoutCheckout() {
    return new FailureExtractor(RepoPaths.unknownRoot());
  }

  /** For logs of a build of {@code checkout} (paths are made relative to it). */
  public static FailureExtractor forCheckout(Path checkout) {
    return new FailureExtractor(RepoPaths.under(checkout));
  }

  public FailureReport extract(String log) {
    return extract(log, List.of(), new ArrayList<>());
  }

  /**
   * @param junitXmlDirs directories with JUnit XML reports; their tests merge with the log's
   * @param problems receives one line per report file that could not be read
   */
  public FailureReport extract(String log, List<Path> junitXmlDirs, List<String> problems) {
    LogText text = LogText.of(log == null ? "" : log);
    Extraction found = new Extraction();
    for (LogParser parser : PARSERS) {
      parser.parse(text, paths, found);
    }
    for (Path dir : junitXmlDirs) {
      JUnitXmlReports.read(dir, found, problems);
    }
    FailureClassifier.Classification c = FailureClassifier.classify(text, found.foundCodeFailures());
    return new FailureReport(
        buildTool(text, found.tools()),
        c.kind(),
        c.reason(),
        found.tests(),
        found.compileErrors(),
        found.lintErrors(),
        Excerpt.build(text, found));
  }

  /** The build tool that ran, judged by its own banner lines, else by which parser found something. */
  private static String buildTool(LogText log, Set<String> tools) {
    for (String line : log.lines()) {
      if (line.startsWith("[INFO] Scanning for projects") || line.startsWith("[INFO] BUILD FAILURE") || line.startsWith("[INFO] BUILD SUCCESS")) {
        return "maven";
      }
      if (line.startsWith("FAILURE: Build failed with an exception") || line.startsWith("BUILD FAILED in ") || line.startsWith("> Task :")) {
        return "gradle";
      }
    }
    for (String line : log.lines()) {
      if (line.matches("^> \\S+@\\S+ \\S+$") || line.startsWith("npm ERR!") || line.startsWith("npm error")) {
        return "npm";
      }
    }
    if (tools.contains("pytest")) {
      return "pytest";
    }
    if (tools.contains("go")) {
      return "go";
    }
    if (tools.contains("jest")) {
      return "jest";
    }
    if (tools.contains("eslint")) {
      return "eslint";
    }
    if (tools.contains("junit-xml")) {
      return "junit-xml";
    }
    if (tools.contains("javac")) {
      return "javac";
    }
    return "unknown";
  }
}
