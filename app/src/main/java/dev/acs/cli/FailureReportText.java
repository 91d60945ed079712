package dev.acs.cli;

import dev.acs.checks.CompileError;
import dev.acs.checks.FailingTest;
import dev.acs.checks.FailureReport;
import dev.acs.checks.LintError;
import java.util.List;

/** {@code acs explain-failure --format text}: the report for a person at a terminal. */
final class FailureReportText {
  private FailureReportText() {}

  static String render(FailureReport r) {
    StringBuilder out = new StringBuilder();
    out.append("verdict: ").append(verdict(r)).append('\n');
    out.append("build tool: ").append(r.tool()).append('\n');
    if (r.reason() != null && !r.reason().isBlank()) {
      out.append("why: ").append(r.reason()).append('\n');
    }
    List<FailingTest> tests = r.failingTests();
    if (!tests.isEmpty()) {
      out.append('\n').append("failing tests (").append(tests.size()).append("):\n");
      for (FailingTest t : tests) {
        out.append("  ").append(t.name()).append('\n');
        if (t.message() != null && !t.message().isBlank()) {
          out.append("      ").append(t.message().strip()).append('\n');
        }
      }
    }
    List<CompileError> compile = r.compileErrors();
    if (!compile.isEmpty()) {
      out.append('\n').append("compile errors (").append(compile.size()).append("):\n");
      for (CompileError e : compile) {
        out.append("  ").append(where(e.file(), e.line())).append(e.message()).append('\n');
      }
    }
    List<LintError> lint = r.lintErrors();
    if (!lint.isEmpty()) {
      out.append('\n').append("lint violations (").append(lint.size()).append("):\n");
      for (LintError e : lint) {
        out.append("  ").append(where(e.file(), e.line())).append(e.rule() == null ? "" : e.rule() + ": ")
            .append(e.message() == null ? "" : e.message()).append('\n');
      }
    }
    if (r.excerpt() != null && !r.excerpt().isBlank()) {
      out.append('\n').append("excerpt a model would get:\n");
      r.excerpt().lines().forEach(line -> out.append("  │ ").append(line).append('\n'));
    }
    return out.toString();
  }

  private static String verdict(FailureReport r) {
    return switch (r.kind()) {
      case CODE -> "the code fails (worth a repair)";
      case INFRA -> "the build's infrastructure failed (worth a re-run, not a repair)";
      case UNKNOWN -> "the log does not say why the build failed";
    };
  }

  private static String where(String file, Integer line) {
    if (file == null) {
      return "";
    }
    return file + (line == null ? "" : ":" + line) + ": ";
  }
}
