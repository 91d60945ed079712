package dev.acs.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test} output. {@code --- FAIL: TestName (0.00s)} (indented for subtests, named
 * {@code TestName/sub}) is a failing test; the indented {@code file_test.go:7: ...} lines under it
 * (or a {@code panic:} line) are its message. A package's tests are printed before its
 * {@code FAIL <import path>} line, which names the package: tests are reported as
 * {@code import/path#TestName}. Compile errors appear after {@code # package} as
 * {@code dir/file.go:5:13: message}, with paths relative to the directory go ran in.
 */
final class GoTests implements LogParser {
  private static final Pattern FAIL_TEST = Pattern.compile("^(?<indent>\\s*)--- FAIL: (?<name>\\S+) \\([\\d.]+s\\)\\s*$");
  private static final Pattern PACKAGE_RESULT = Pattern.compile("^(?:FAIL|ok)\\s+(?<pkg>\\S+)(?:\\s+.*)?$");
  private static final Pattern PACKAGE_HEADER = Pattern.compile("^# (?<pkg>\\S+)(?: \\[.*\\])?$");
  private static final Pattern COMPILE = Pattern.compile("^(?<file>[^\\s:]+\\.go):(?<line>\\d+):(?<col>\\d+): (?<msg>.+)$");

  private record Pending(String name, String message, List<String> head, int from, int to) {}

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    List<Pending> pending = new ArrayList<>();
    boolean inBuildErrors = false;
    for (int i = 0; i < log.size(); i++) {
      String line = log.line(i);
      if (PACKAGE_HEADER.matcher(line).matches()) {
        inBuildErrors = true;
        continue;
      }
      Matcher c = COMPILE.matcher(line);
      if (inBuildErrors && c.matches()) {
        found.tool("go");
        found.compileError(
            new CompileError(paths.relativize(c.group("file")), Integer.valueOf(c.group("line")), Integer.valueOf(c.group("col")),
                c.group("msg").strip(), "go"),
            i,
            i);
        continue;
      }
      inBuildErrors = false;
      Matcher f = FAIL_TEST.matcher(line);
      if (f.matches()) {
        int indent = f.group("indent").length();
        List<String> head = new ArrayList<>();
        int end = i;
        for (int j = i + 1; j < log.size() && head.size() < FailingTest.MAX_STACK_LINES; j++) {
          String next = log.line(j);
          boolean own = next.length() > indent + 4 && next.substring(0, indent + 4).isBlank() && !next.strip().startsWith("--- ");
          boolean panic = next.startsWith("panic: ") || next.startsWith("\tpanic: ");
          if (!own && !panic) {
            break;
          }
          head.add(next.strip());
          end = j;
        }
        String message = head.isEmpty() ? null : head.get(0);
        pending.add(new Pending(f.group("name"), message, head, i, end));
        continue;
      }
      Matcher p = PACKAGE_RESULT.matcher(line);
      if (p.matches() && !pending.isEmpty()) {
        for (Pending t : pending) {
          found.tool("go");
          found.test(new FailingTest(p.group("pkg") + "#" + t.name(), t.message(), t.head(), "go"), t.from(), t.to());
        }
        pending.clear();
      }
    }
    // Output cut before the package line: report the tests without their package rather than drop them.
    for (Pending t : pending) {
      found.tool("go");
      found.test(new FailingTest(t.name(), t.message(), t.head(), "go"), t.from(), t.to());
    }
  }
}
