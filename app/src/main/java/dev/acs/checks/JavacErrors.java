package dev.acs.checks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java (and Kotlin/Groovy/Scala via Maven) compiler errors in the two shapes builds print them.
 *
 * <ul>
 *   <li>Maven's compiler plugin: {@code [ERROR] /abs/X.java:[12,5] message}, followed by
 *       continuation lines ({@code symbol:}, {@code location:}). Maven prints the list twice (after
 *       {@code COMPILATION ERROR :} and again in {@code Failed to execute goal}); the second copy
 *       is de-duplicated. Errors without a file ({@code Source option 5 is no longer supported})
 *       are taken only from the {@code COMPILATION ERROR} block, where every {@code [ERROR]} line
 *       is a compiler message.
 *   <li>Plain javac, as Gradle and Ant print it: {@code /abs/X.java:12: error: message}, then the
 *       source line, a caret and continuation lines. Gradle 4 prints the first error on the same
 *       line as the task name ({@code :compileJava/abs/X.java:8: error: ...}), so the path is
 *       searched for anywhere in the line.
 * </ul>
 *
 * Checkstyle's Maven output shares the bracket shape but carries {@code (category) Rule:}; those
 * lines belong to {@link LintErrors}.
 */
final class JavacErrors implements LogParser {
  private static final Pattern MAVEN =
      Pattern.compile("^\\[ERROR\\] (?<file>(?:[A-Za-z]:)?[^\\[\\]:]+?\\.(?:java|kt|groovy|scala)):\\[(?<line>\\d+)(?:,(?<col>\\d+))?\\] (?<msg>.*)$");
  private static final Pattern CHECKSTYLE_MESSAGE = Pattern.compile("^\\(\\w+\\) \\w+: .*");
  /** The part before {@code ": error: "}, from its last space on: {@code /abs/X.java:12}. */
  private static final Pattern PLAIN_LOCATION = Pattern.compile("^(?<file>(?:[A-Za-z]:)?[^\\s:]+\\.java):(?<line>\\d+)$");
  /** Gradle 4's task name ({@code :compileJava}, {@code :app:compileJava}) glued before javac's first line. */
  private static final Pattern GRADLE_TASK_PREFIX = Pattern.compile("^(?::[\\w-]+)+(?=/|[A-Za-z]:\\\\)");
  private static final Pattern ERROR_COUNT = Pattern.compile("^(?:\\[INFO\\] )?\\d+ errors?\\s*$");

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    boolean inCompilationErrorBlock = false;
    for (int i = 0; i < log.size(); i++) {
      String line = log.line(i);
      if (line.startsWith("[ERROR] COMPILATION ERROR")) {
        inCompilationErrorBlock = true;
        found.tool("javac");
        continue;
      }
      if (inCompilationErrorBlock
          && (ERROR_COUNT.matcher(line).matches() || line.startsWith("[INFO] BUILD") || line.contains("Failed to execute goal"))) {
        inCompilationErrorBlock = false;
      }
      Matcher maven = MAVEN.matcher(line);
      if (maven.matches() && !CHECKSTYLE_MESSAGE.matcher(maven.group("msg")).matches()) {
        int end = continuationEnd(log, i);
        found.tool("javac");
        found.compileError(
            new CompileError(
                paths.relativize(maven.group("file")),
                Integer.valueOf(maven.group("line")),
                maven.group("col") == null ? null : Integer.valueOf(maven.group("col")),
                maven.group("msg").strip(),
                "javac"),
            i,
            end);
        i = end;
        continue;
      }
      if (inCompilationErrorBlock && line.startsWith("[ERROR] ") && !line.substring(8).isBlank()) {
        String msg = line.substring(8).strip();
        if (!msg.startsWith("COMPILATION ERROR")) {
          found.compileError(new CompileError(null, null, null, msg, "javac"), i, i);
        }
        continue;
      }
      int errorAt = line.indexOf(": error: ");
      if (errorAt < 0) {
        continue;
      }
      String before = line.substring(0, errorAt);
      String location = GRADLE_TASK_PREFIX.matcher(before.substring(before.lastIndexOf(' ') + 1)).replaceFirst("");
      Matcher plain = PLAIN_LOCATION.matcher(location);
      if (plain.matches()) {
        int end = continuationEnd(log, i);
        found.tool("javac");
        found.compileError(
            new CompileError(
                paths.relativize(plain.group("file")),
                Integer.valueOf(plain.group("line")),
                null,
                line.substring(errorAt + ": error: ".length()).strip(),
                "javac"),
            i,
            end);
        i = end;
      }
    }
  }

  /**
   * The last line that still belongs to the error at {@code start}: javac's source line, caret and
   * {@code symbol:}/{@code location:} lines are indented or, in Maven's second copy, {@code [ERROR]}
   * followed by indentation.
   */
  private static int continuationEnd(LogText log, int start) {
    int end = start;
    for (int j = start + 1; j < log.size() && j <= start + 8; j++) {
      String next = log.line(j);
      boolean indented = !next.isEmpty() && Character.isWhitespace(next.charAt(0));
      boolean mavenIndented = next.startsWith("[ERROR]   ");
      if (indented || mavenIndented) {
        end = j;
      } else {
        break;
      }
    }
    return end;
  }
}
