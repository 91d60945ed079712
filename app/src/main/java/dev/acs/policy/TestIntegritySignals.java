package dev.acs.policy;

import dev.acs.policy.PolicyInput.TestIntegrity;
import dev.acs.policy.UnifiedDiff.FileDiff;
import dev.acs.policy.UnifiedDiff.Hunk;
import dev.acs.policy.UnifiedDiff.Kind;
import dev.acs.policy.UnifiedDiff.Line;
import dev.acs.policy.UnifiedDiff.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a diff for the ways a change can get a build green by weakening its tests: test methods
 * or test files deleted, assertions removed, tests disabled or skipped, test or CI configuration
 * changed. Pure: the same diff always gives the same signals. Counts are net per file (removed
 * minus added), so a test moved within a file or an assertion rewritten is not a signal, while a
 * test deleted in one file and a trivial one added in another still is.
 *
 * <p>These are heuristics over text, not a parse of the code: they catch the usual forms in Java
 * (JUnit 4/5, TestNG), JavaScript/TypeScript (Jest, Mocha, Vitest) and Python (pytest, unittest).
 */
public final class TestIntegritySignals {

  private static final List<PathPattern> TEST_FILES =
      PathPattern.all(
          List.of(
              "src/test/**", "**/src/test/**", "test/**", "tests/**", "**/test/**", "**/tests/**",
              "**/__tests__/**", "*Test.java", "*Tests.java", "*IT.java", "*TestCase.java",
              "*.test.{js,jsx,ts,tsx,mjs,cjs}", "*.spec.{js,jsx,ts,tsx,mjs,cjs}", "test_*.py", "*_test.py",
              "*_test.go", "conftest.py"));

  private static final List<PathPattern> CI_CONFIG =
      PathPattern.all(
          List.of(
              ".github/workflows/**", ".github/actions/**", ".gitlab-ci.yml", ".gitlab-ci/**", "Jenkinsfile",
              ".circleci/**", "azure-pipelines.yml", ".travis.yml", ".buildkite/**", ".ci/**", "bitbucket-pipelines.yml",
              ".drone.yml"));

  // Files that are test configuration as a whole.
  private static final List<PathPattern> TEST_CONFIG_FILES =
      PathPattern.all(
          List.of(
              "jest.config.*", "vitest.config.*", "karma.conf.*", ".mocharc*", "pytest.ini", "tox.ini", "conftest.py",
              "junit-platform.properties", "surefire*.properties", "testng.xml", "phpunit.xml*"));

  // Build files where only the test-related parts count.
  private static final List<PathPattern> BUILD_FILES =
      PathPattern.all(
          List.of("pom.xml", "build.gradle", "build.gradle.kts", "package.json", "setup.cfg", "pyproject.toml"));

  private static final Pattern TEST_CONFIG_LINE =
      Pattern.compile(
          "(?i)surefire|failsafe|skipTests|skipITs|testFailureIgnore|maven\\.test\\.|<(?:includes|excludes|include|exclude|groups|excludedGroups|test)>"
              + "|\"jest\"|\"test\"\\s*:|\\[tool\\.pytest|\\[tool:pytest|testpaths|addopts|\\btest\\s*\\{|tasks\\.test|useJUnitPlatform|exclude\\s*['\"]");

  private static final Pattern TEST_CONFIG_CONTEXT =
      Pattern.compile("(?i)maven-surefire-plugin|maven-failsafe-plugin|\"jest\"\\s*:|\\[tool\\.pytest|\\[tool:pytest|\\btest\\s*\\{|tasks\\.(?:named<Test>|test|withType<Test>)");

  private static final Pattern JAVA_TEST =
      Pattern.compile("^\\s*@(?:org\\.junit\\.(?:jupiter\\.api\\.)?)?(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b(?!\\w)");
  private static final Pattern JS_TEST = Pattern.compile("^\\s*(?:it|test)(?:\\.(?:each\\b.*?|only|concurrent))?\\s*\\(");
  private static final Pattern PY_TEST = Pattern.compile("^\\s*(?:async\\s+)?def\\s+test\\w*\\s*\\(");

  private static final Pattern ASSERTION =
      Pattern.compile(
          "\\bassert\\w*\\s*\\(|^\\s*assert\\s|\\bexpect\\s*\\(|\\bverify\\s*\\(|\\.should\\b|\\bfail\\s*\\(|\\bself\\.assert\\w*\\s*\\(|\\bpytest\\.raises\\s*\\(");

  private static final Pattern SKIP =
      Pattern.compile(
          "@Disabled\\w*|@Ignore\\b|@EnabledIf\\w*|@DisabledIf\\w*|\\b(?:it|test|describe)\\.skip\\s*\\(|\\bx(?:it|test|describe)\\s*\\("
              + "|@pytest\\.mark\\.(?:skip|skipif|xfail)\\b|@unittest\\.skip\\w*|\\bpytest\\.skip\\s*\\("
              + "|-DskipTests|-DskipITs|<skipTests>\\s*true|<skipITs>\\s*true|maven\\.test\\.skip|<testFailureIgnore>\\s*true"
              + "|maven\\.test\\.failure\\.ignore|\\s-x\\s+test\\b|assumeTrue\\s*\\(\\s*false\\s*\\)|Assumptions\\.abort\\s*\\(");

  // ".skip(" alone is a skip only in JavaScript-like files: in Java it is usually Stream.skip.
  private static final Pattern JS_SKIP = Pattern.compile("\\.skip\\s*\\(");

  private TestIntegritySignals() {}

  public static TestIntegrity of(String diffText) {
    return of(UnifiedDiff.parse(diffText));
  }

  public static TestIntegrity of(UnifiedDiff diff) {
    int testsDeleted = 0;
    int testFilesDeleted = 0;
    int assertionsRemoved = 0;
    int skipsAdded = 0;
    boolean ciConfigChanged = false;
    boolean testConfigChanged = false;
    List<String> details = new ArrayList<>();

    for (FileDiff file : diff.files()) {
      String path = file.path();
      boolean testFile = isTestFile(file.oldPath()) || isTestFile(file.newPath());

      if (testFile) {
        Pattern testDecl = testDeclaration(path);
        int tests = net(file, Kind.REMOVED, l -> testDecl.matcher(l.text()).find());
        if (tests > 0) {
          testsDeleted += tests;
          details.add(path + ": " + tests + " test(s) removed" + firstLine(file, Kind.REMOVED, testDecl));
        }
        if (file.status() == Status.REMOVED) {
          testFilesDeleted++;
          details.add(path + ": test file deleted");
        }
        int asserts = net(file, Kind.REMOVED, l -> ASSERTION.matcher(l.text()).find() && !isComment(l.text()));
        if (asserts > 0) {
          assertionsRemoved += asserts;
          details.add(path + ": " + asserts + " assertion(s) removed" + firstLine(file, Kind.REMOVED, ASSERTION));
        }
      }

      Pattern skip = isScript(path) ? Pattern.compile(SKIP.pattern() + "|" + JS_SKIP.pattern()) : SKIP;
      int skips = net(file, Kind.ADDED, l -> skip.matcher(l.text()).find() && !isComment(l.text()));
      if (skips > 0) {
        skipsAdded += skips;
        details.add(path + ": " + skips + " skip(s) or disabled test(s) added" + firstLine(file, Kind.ADDED, skip));
      }

      if (PathPattern.anyMatches(CI_CONFIG, file.oldPath()) || PathPattern.anyMatches(CI_CONFIG, file.newPath())) {
        ciConfigChanged = true;
        details.add(path + ": CI configuration changed");
      }
      if (changesTestConfig(file)) {
        testConfigChanged = true;
        details.add(path + ": test configuration changed");
      }
    }
    return new TestIntegrity(
        testsDeleted, assertionsRemoved, skipsAdded, ciConfigChanged, testFilesDeleted, testConfigChanged, details);
  }

  /** Whether the path looks like a test file (the same patterns the default policy uses, and more). */
  public static boolean isTestFile(String path) {
    return path != null && PathPattern.anyMatches(TEST_FILES, path);
  }

  private static Pattern testDeclaration(String path) {
    if (path.endsWith(".py")) {
      return PY_TEST;
    }
    if (isScript(path)) {
      return JS_TEST;
    }
    return JAVA_TEST;
  }

  private static boolean isScript(String path) {
    return path.matches(".*\\.(?:js|jsx|ts|tsx|mjs|cjs)$");
  }

  private static boolean changesTestConfig(FileDiff file) {
    if (PathPattern.anyMatches(TEST_CONFIG_FILES, file.oldPath())
        || PathPattern.anyMatches(TEST_CONFIG_FILES, file.newPath())) {
      return true;
    }
    if (!PathPattern.anyMatches(BUILD_FILES, file.path())) {
      return false;
    }
    for (Hunk hunk : file.hunks()) {
      boolean changed = false;
      boolean testContext = hunk.section() != null && TEST_CONFIG_CONTEXT.matcher(hunk.section()).find();
      for (Line l : hunk.lines()) {
        if (l.kind() == Kind.CONTEXT) {
          testContext |= TEST_CONFIG_CONTEXT.matcher(l.text()).find();
        } else {
          changed = true;
          if (TEST_CONFIG_LINE.matcher(l.text()).find()) {
            return true;
          }
        }
      }
      if (changed && testContext) {
        return true;
      }
    }
    return false;
  }

  /** Lines of {@code kind} matching, minus lines of the other kind matching; never negative. */
  private static int net(FileDiff file, Kind kind, Predicate<Line> matches) {
    Kind other = kind == Kind.ADDED ? Kind.REMOVED : Kind.ADDED;
    long mine = file.lines(kind).stream().filter(matches).count();
    long theirs = file.lines(other).stream().filter(matches).count();
    return (int) Math.max(0, mine - theirs);
  }

  private static String firstLine(FileDiff file, Kind kind, Pattern pattern) {
    return file.lines(kind).stream()
        .filter(l -> pattern.matcher(l.text()).find())
        .findFirst()
        .map(l -> " (line " + (kind == Kind.ADDED ? l.newLine() : l.oldLine()) + ")")
        .orElse("");
  }

  private static boolean isComment(String text) {
    String t = text.strip();
    return t.startsWith("//") || t.startsWith("#") || t.startsWith("*") || t.startsWith("/*");
  }
}
