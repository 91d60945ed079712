package dev.acs.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A line-level note on a check run, in GitHub's terms ({@code annotation_level} is
 * {@code failure}, {@code warning} or {@code notice}); the GitHub side converts it to its
 * API type. Only findings with a repository file can be annotations: GitHub rejects a path
 * that is not in the repository.
 */
public record CheckAnnotation(String path, int startLine, int endLine, String level, String title, String message) {
  /** GitHub's limit on an annotation message, in characters. */
  static final int MAX_MESSAGE = 64 * 1024;

  /** high → failure, medium → warning, low → notice; most severe first. */
  public static List<CheckAnnotation> fromFindings(List<Finding> findings) {
    List<CheckAnnotation> out = new ArrayList<>();
    for (Finding f : findings) {
      out.add(new CheckAnnotation(f.path(), Math.max(1, f.line()), Math.max(1, f.endLine()), levelOf(f.severity()),
          f.tool().toUpperCase(java.util.Locale.ROOT) + " " + f.rule(), clip(f.message())));
    }
    out.sort(Comparator.comparingInt(CheckAnnotation::rank));
    return out;
  }

  /** Compile errors with a file and line, as failures. */
  public static List<CheckAnnotation> fromCompileErrors(List<CompileError> errors) {
    List<CheckAnnotation> out = new ArrayList<>();
    for (CompileError e : errors) {
      if (e.file() != null && e.line() != null && !e.file().startsWith("/")) {
        out.add(new CheckAnnotation(e.file(), e.line(), e.line(), "failure", "Compile error (" + e.tool() + ")", clip(e.message())));
      }
    }
    return out;
  }

  static String levelOf(String severity) {
    return switch (severity) {
      case "high" -> "failure";
      case "medium" -> "warning";
      default -> "notice";
    };
  }

  private int rank() {
    return switch (level) {
      case "failure" -> 0;
      case "warning" -> 1;
      default -> 2;
    };
  }

  private static String clip(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
