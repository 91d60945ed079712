package dev.acs.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the parsers found in one log, collected in the order found. Tests are merged by name (a
 * Surefire log names the same test in its detail block and in its summary); compile and lint
 * errors are de-duplicated (Maven prints every compiler error twice). Each finding remembers the
 * log lines it came from, so the excerpt can quote the log itself.
 */
final class Extraction {
  /** Log lines [from, to] (inclusive) that show one finding. */
  record Evidence(int from, int to) {}

  private final Map<String, FailingTest> tests = new LinkedHashMap<>();
  private final Map<String, Evidence> testEvidence = new LinkedHashMap<>();
  private final Map<CompileError, Evidence> compileErrors = new LinkedHashMap<>();
  private final Map<LintError, Evidence> lintErrors = new LinkedHashMap<>();
  private final Set<String> tools = new LinkedHashSet<>();

  void tool(String tool) {
    tools.add(tool);
  }

  void test(FailingTest test, int from, int to) {
    FailingTest known = tests.get(test.name());
    tests.put(test.name(), known == null ? test : known.mergedWith(test));
    // The first report (the detail block) is the most useful quote; the summary only fills gaps.
    testEvidence.putIfAbsent(test.name(), new Evidence(from, to));
  }

  void removeTest(String name) {
    tests.remove(name);
    testEvidence.remove(name);
  }

  boolean hasTest(String name) {
    return tests.containsKey(name);
  }

  void compileError(CompileError error, int from, int to) {
    compileErrors.putIfAbsent(error, new Evidence(from, to));
  }

  void lint(LintError error, int from, int to) {
    lintErrors.putIfAbsent(error, new Evidence(from, to));
  }

  List<FailingTest> tests() {
    return new ArrayList<>(tests.values());
  }

  Evidence evidenceOf(FailingTest test) {
    return testEvidence.get(test.name());
  }

  List<CompileError> compileErrors() {
    return new ArrayList<>(compileErrors.keySet());
  }

  Evidence evidenceOf(CompileError error) {
    return compileErrors.get(error);
  }

  List<LintError> lintErrors() {
    return new ArrayList<>(lintErrors.keySet());
  }

  Evidence evidenceOf(LintError error) {
    return lintErrors.get(error);
  }

  Set<String> tools() {
    return tools;
  }

  boolean foundCodeFailures() {
    return !tests.isEmpty() || !compileErrors.isEmpty() || !lintErrors.isEmpty();
  }
}
