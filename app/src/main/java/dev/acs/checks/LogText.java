package dev.acs.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A build log as parsers see it: one entry per line, with what only the transport added taken
 * away. GitHub Actions job logs prefix every line with the runner's ISO-8601 timestamp and may
 * start with a byte-order mark; terminals and Maven 3.8 add ANSI colour sequences. The
 * {@code ##[group]}, {@code ##[endgroup]} and {@code ##[error]} markers stay: the classifier reads
 * {@code ##[error]} lines and the excerpt keeps them as context.
 */
public final class LogText {
  /** {@code 2024-05-01T12:00:00.1234567Z } as the runner writes it (fraction length varies). */
  private static final Pattern ACTIONS_TIMESTAMP =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?Z ?");

  /**
   * Lines are cut here before parsing. Real build lines this long are class paths and data dumps,
   * never failures; the cap keeps every parser's work per line bounded when a test prints huge
   * or hostile lines.
   */
  static final int MAX_LINE_CHARS = 4096;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");

  private final List<String> lines;
  private final boolean actionsFormat;

  private LogText(List<String> lines, boolean actionsFormat) {
    this.lines = List.copyOf(lines);
    this.actionsFormat = actionsFormat;
  }

  public static LogText of(String raw) {
    String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
    String[] parts = text.split("\r?\n|\r", -1);
    int n = parts.length;
    // A trailing newline is the end of the last line, not an empty line of its own.
    if (n > 0 && parts[n - 1].isEmpty()) {
      n--;
    }
    int stamped = 0;
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String line = parts[i];
      var m = ACTIONS_TIMESTAMP.matcher(line);
      if (m.find()) {
        stamped++;
        line = line.substring(m.end());
      }
      if (line.length() > MAX_LINE_CHARS * 2) {
        line = line.substring(0, MAX_LINE_CHARS * 2);
      }
      line = ANSI.matcher(line).replaceAll("");
      out.add(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
    }
    // Require most lines to carry a timestamp so that one timestamp printed by a tool does not
    // make a plain log count as an Actions log.
    return new LogText(out, n > 0 && stamped * 2 > n);
  }

  public List<String> lines() {
    return lines;
  }

  public int size() {
    return lines.size();
  }

  public String line(int i) {
    return lines.get(i);
  }

  /** True when the log came in GitHub Actions' job-log format (timestamped lines). */
  public boolean actionsFormat() {
    return actionsFormat;
  }
}
