package dev.acs.checks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linter violations:
 *
 * <ul>
 *   <li>maven-checkstyle-plugin: {@code [WARNING] src/main/java/X.java:[14,5] (javadoc)
 *       MissingJavadocMethod: Missing a Javadoc comment.} ({@code [ERROR]} for error severity);
 *   <li>Checkstyle's command line: {@code [WARN] /abs/X.java:14:5: Message. [RuleName]};
 *   <li>maven-pmd-plugin: {@code PMD Failure: pkg.Class:23 Rule:EmptyCatchBlock Priority:3 Avoid
 *       empty catch blocks.} (it names the class, not the file);
 *   <li>PMD's text renderer ({@code pmd check -f text}): {@code src/X.java:12:\tRuleName:\tmessage};
 *   <li>ESLint's default (stylish) format: a file line, then {@code   5:12  error  'tru' is not
 *       defined  no-undef} lines under it.
 * </ul>
 */
final class LintErrors implements LogParser {
  private static final Pattern MAVEN_CHECKSTYLE =
      Pattern.compile("^\\[(?<sev>ERROR|WARNING|WARN|INFO)\\] (?<file>\\S+?):\\[(?<line>\\d+)(?:,(?<col>\\d+))?\\] \\((?<cat>\\w+)\\) (?<rule>\\w+): (?<msg>.*)$");
  private static final Pattern CLI_CHECKSTYLE =
      Pattern.compile("^\\[(?<sev>ERROR|WARN|INFO)\\] (?<file>\\S+?):(?<line>\\d+)(?::(?<col>\\d+))?: (?<msg>.*) \\[(?<rule>\\w+)\\]$");
  private static final Pattern MAVEN_PMD =
      Pattern.compile("PMD (?:Failure|Warning): (?<cls>[\\w$.]+):(?<line>\\d+) Rule:(?<rule>\\w+) Priority:(?<prio>\\d) (?<msg>.*)$");
  private static final Pattern PMD_TEXT = Pattern.compile("^(?<file>\\S+?\\.\\w+):(?<line>\\d+):\\t(?<rule>\\w+):\\t(?<msg>.*)$");
  private static final Pattern ESLINT_FILE = Pattern.compile("^(?<file>(?:[A-Za-z]:)?[/\\\\.]?[^\\s:]*\\.(?:[cm]?[jt]sx?|vue|svelte))\\s*$");
  private static final Pattern ESLINT_PROBLEM = Pattern.compile("^\\s+(?<line>\\d+):(?<col>\\d+)\\s+(?<sev>error|warning)\\s+(?<rest>\\S.*)$");
  private static final Pattern ESLINT_RULE = Pattern.compile("[\\w@/-]+");

  @Override
  public void parse(LogText log, RepoPaths paths, Extraction found) {
    String eslintFile = null;
    for (int i = 0; i < log.size(); i++) {
      String line = log.line(i);
      Matcher m = MAVEN_CHECKSTYLE.matcher(line);
      if (m.matches()) {
        add(found, i, "checkstyle", paths.relativize(m.group("file")), m.group("line"), m.group("col"), m.group("rule"), severity(m.group("sev")), m.group("msg"), null);
        continue;
      }
      m = CLI_CHECKSTYLE.matcher(line);
      if (m.matches()) {
        add(found, i, "checkstyle", paths.relativize(m.group("file")), m.group("line"), m.group("col"), m.group("rule"), severity(m.group("sev")), m.group("msg"), null);
        continue;
      }
      m = MAVEN_PMD.matcher(line);
      if (m.find()) {
        add(found, i, "pmd", null, m.group("line"), null, m.group("rule"), m.group("prio"), m.group("msg"), m.group("cls"));
        continue;
      }
      m = PMD_TEXT.matcher(line);
      if (m.matches()) {
        add(found, i, "pmd", paths.relativize(m.group("file")), m.group("line"), null, m.group("rule"), null, m.group("msg"), null);
        continue;
      }
      m = ESLINT_FILE.matcher(line);
      if (m.matches()) {
        eslintFile = m.group("file");
        continue;
      }
      m = ESLINT_PROBLEM.matcher(line);
      if (eslintFile != null && m.matches()) {
        // "msg  rule": the rule is the last word after a run of two or more spaces, when there is one.
        String rest = m.group("rest").stripTrailing();
        int gap = rest.lastIndexOf("  ");
        String rule = gap < 0 ? null : rest.substring(gap).strip();
        boolean hasRule = rule != null && ESLINT_RULE.matcher(rule).matches();
        String msg = hasRule ? rest.substring(0, gap).strip() : rest;
        add(found, i, "eslint", paths.relativize(eslintFile), m.group("line"), m.group("col"), hasRule ? rule : null, m.group("sev"), msg, null);
        continue;
      }
      if (line.isBlank() || !Character.isWhitespace(line.charAt(0))) {
        eslintFile = null;
      }
    }
  }

  private static void add(
      Extraction found, int line, String tool, String file, String lineNo, String col, String rule, String severity, String msg, String symbol) {
    found.tool(tool);
    found.lint(
        new LintError(tool, file, Integer.valueOf(lineNo), col == null ? null : Integer.valueOf(col), rule, severity, msg.strip(), symbol),
        line,
        line);
  }

  private static String severity(String level) {
    return switch (level) {
      case "ERROR" -> "error";
      case "INFO" -> "info";
      default -> "warning";
    };
  }
}
