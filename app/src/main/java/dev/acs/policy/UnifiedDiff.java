package dev.acs.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unified diff as git writes it ({@code git diff}, JGit's DiffFormatter), parsed into files,
 * hunks and lines with their line numbers. Plain {@code diff -u} output (no {@code diff --git}
 * headers) is read too. Hunk bodies are consumed by the counts in their {@code @@} header, so a
 * removed line that starts with "--" is never mistaken for a file header.
 */
public record UnifiedDiff(List<FileDiff> files) {

  public UnifiedDiff {
    files = List.copyOf(files);
  }

  /** added, modified, removed, renamed: the names PolicyInput.FileChange uses (GitHub's). */
  public enum Status {
    ADDED("added"),
    MODIFIED("modified"),
    REMOVED("removed"),
    RENAMED("renamed");

    private final String json;

    Status(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  public enum Kind {
    CONTEXT,
    ADDED,
    REMOVED
  }

  /** One line of a hunk; {@code oldLine}/{@code newLine} are 0 where the line has no such side. */
  public record Line(Kind kind, String text, int oldLine, int newLine) {}

  public record Hunk(int oldStart, int newStart, String section, List<Line> lines) {
    public Hunk {
      lines = List.copyOf(lines);
    }
  }

  /** {@code oldPath} is null for an added file, {@code newPath} null for a removed one. */
  public record FileDiff(String oldPath, String newPath, Status status, boolean binary, List<Hunk> hunks) {
    public FileDiff {
      hunks = List.copyOf(hunks);
    }

    /** The path the file has after the change (its old path if it was removed). */
    public String path() {
      return newPath != null ? newPath : oldPath;
    }

    public List<Line> lines(Kind kind) {
      List<Line> out = new ArrayList<>();
      for (Hunk h : hunks) {
        for (Line l : h.lines()) {
          if (l.kind() == kind) {
            out.add(l);
          }
        }
      }
      return out;
    }

    public int additions() {
      return lines(Kind.ADDED).size();
    }

    public int deletions() {
      return lines(Kind.REMOVED).size();
    }
  }

  private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@ ?(.*)$");
  private static final String DEV_NULL = "/dev/null";

  /** Parses diff text; text that holds no diff gives an empty diff, a truncated hunk an error. */
  public static UnifiedDiff parse(String text) {
    List<FileDiff> files = new ArrayList<>();
    String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
    Builder current = null;
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.startsWith("diff --git ")) {
        if (current != null) {
          files.add(current.build());
        }
        current = new Builder();
        current.fromGitHeader(line.substring("diff --git ".length()));
        i++;
      } else if (line.startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ")) {
        if (current == null || current.sawFileHeaders) {
          if (current != null) {
            files.add(current.build());
          }
          current = new Builder();
        }
        current.oldPath = path(line.substring(4));
        current.newPath = path(lines[i + 1].substring(4));
        current.sawFileHeaders = true;
        i += 2;
      } else if (line.startsWith("@@ ") && current != null) {
        i = readHunk(lines, i, current);
      } else if (current != null) {
        current.extendedHeader(line);
        i++;
      } else {
        i++; // text before the first file (a commit message, say)
      }
    }
    if (current != null) {
      files.add(current.build());
    }
    return new UnifiedDiff(files);
  }

  private static int readHunk(String[] lines, int start, Builder file) {
    Matcher m = HUNK.matcher(lines[start]);
    if (!m.matches()) {
      throw new IllegalArgumentException("malformed hunk header at diff line " + (start + 1) + ": " + lines[start]);
    }
    int oldLine = Integer.parseInt(m.group(1));
    int oldLeft = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int newLine = Integer.parseInt(m.group(3));
    int newLeft = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    if ((oldLine == 0 && oldLeft > 0) || (newLine == 0 && newLeft > 0)) {
      // Line numbers start at 1; git writes 0 only for an empty side. Line 0 would name no line.
      throw new IllegalArgumentException("malformed hunk header at diff line " + (start + 1) + ": a side with lines starts at line 0");
    }
    List<Line> body = new ArrayList<>();
    int i = start + 1;
    while ((oldLeft > 0 || newLeft > 0) && i < lines.length) {
      String l = lines[i];
      if (l.startsWith("\\")) { // "\ No newline at end of file"
        i++;
        continue;
      }
      char c = l.isEmpty() ? ' ' : l.charAt(0);
      String content = l.isEmpty() ? "" : l.substring(1);
      if ((c == '-' || c == ' ') && oldLeft == 0 || (c == '+' || c == ' ') && newLeft == 0) {
        // More lines of a side than its header counts: the counts and the body disagree.
        throw new IllegalArgumentException(
            "malformed hunk in " + file.describe() + " at diff line " + (i + 1) + ": more lines than its header counts");
      }
      switch (c) {
        case ' ' -> {
          body.add(new Line(Kind.CONTEXT, content, oldLine++, newLine++));
          oldLeft--;
          newLeft--;
        }
        case '-' -> {
          body.add(new Line(Kind.REMOVED, content, oldLine++, 0));
          oldLeft--;
        }
        case '+' -> {
          body.add(new Line(Kind.ADDED, content, 0, newLine++));
          newLeft--;
        }
        default -> throw new IllegalArgumentException(
            "malformed hunk in " + file.describe() + " at diff line " + (i + 1) + ": expected ' ', '-' or '+'");
      }
      i++;
    }
    if (oldLeft > 0 || newLeft > 0) {
      throw new IllegalArgumentException("truncated hunk in " + file.describe() + ": the diff ends inside it");
    }
    while (i < lines.length && lines[i].startsWith("\\")) {
      i++;
    }
    file.hunks.add(new Hunk(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), m.group(5), body));
    return i;
  }

  /** A path from a ---/+++ line: no a/ b/ prefix, no timestamp, unquoted; null for /dev/null. */
  private static String path(String raw) {
    String p = raw;
    int tab = p.indexOf('\t');
    if (tab >= 0) {
      p = p.substring(0, tab);
    }
    p = unquote(p.trim());
    if (p.equals(DEV_NULL)) {
      return null;
    }
    return stripPrefix(p);
  }

  private static String stripPrefix(String p) {
    if (p.startsWith("a/") || p.startsWith("b/")) {
      return p.substring(2);
    }
    return p;
  }

  /** git quotes paths with unusual characters C-style: "a/tab\there". */
  private static String unquote(String p) {
    if (p.length() < 2 || p.charAt(0) != '"' || p.charAt(p.length() - 1) != '"') {
      return p;
    }
    StringBuilder out = new StringBuilder();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 1; i < p.length() - 1; i++) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length() - 1) {
        char n = p.charAt(++i);
        if (n >= '0' && n <= '7' && i + 2 < p.length() - 1) {
          bytes.write(Integer.parseInt(p.substring(i, i + 3), 8));
          i += 2;
          continue;
        }
        flush(bytes, out);
        out.append(
            switch (n) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        flush(bytes, out);
        out.append(c);
      }
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static final class Builder {
    String oldPath;
    String newPath;
    String headerOld;
    String headerNew;
    boolean added;
    boolean removed;
    boolean renamed;
    boolean binary;
    boolean sawFileHeaders;
    final List<Hunk> hunks = new ArrayList<>();

    void fromGitHeader(String rest) {
      // "a/x b/x": both halves are equal for anything but renames, so split in the middle.
      String r = rest.trim();
      if (r.startsWith("\"")) {
        int end = r.indexOf("\" ", 1);
        if (end > 0) {
          headerOld = stripPrefix(unquote(r.substring(0, end + 1)));
          headerNew = stripPrefix(unquote(r.substring(end + 2)));
          return;
        }
      }
      int mid = r.length() / 2;
      if (r.length() % 2 == 1 && r.charAt(mid) == ' ') {
        headerOld = stripPrefix(r.substring(0, mid));
        headerNew = stripPrefix(r.substring(mid + 1));
      } else {
        int space = r.indexOf(" b/");
        if (space > 0) {
          headerOld = stripPrefix(r.substring(0, space));
          headerNew = stripPrefix(r.substring(space + 1));
        }
      }
    }

    void extendedHeader(String line) {
      if (line.startsWith("new file mode")) {
        added = true;
      } else if (line.startsWith("deleted file mode")) {
        removed = true;
      } else if (line.startsWith("rename from ")) {
        renamed = true;
        headerOld = unquote(line.substring("rename from ".length()));
      } else if (line.startsWith("rename to ")) {
        renamed = true;
        headerNew = unquote(line.substring("rename to ".length()));
      } else if (line.startsWith("copy to ")) {
        added = true;
        headerNew = unquote(line.substring("copy to ".length()));
      } else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) {
        binary = true;
      }
    }

    String describe() {
      String p = newPath != null ? newPath : (oldPath != null ? oldPath : headerNew);
      return p == null ? "the diff" : p;
    }

    FileDiff build() {
      String o = sawFileHeaders ? oldPath : headerOld;
      String n = sawFileHeaders ? newPath : headerNew;
      if (added) {
        o = null;
      }
      if (removed) {
        n = null;
      }
      Status status;
      if (o == null && n == null) {
        throw new IllegalArgumentException("a file in the diff has neither an old nor a new path");
      } else if (o == null) {
        status = Status.ADDED;
      } else if (n == null) {
        status = Status.REMOVED;
      } else if (renamed || !o.equals(n)) {
        status = Status.RENAMED;
      } else {
        status = Status.MODIFIED;
      }
      return new FileDiff(o, n, status, binary, hunks);
    }
  }
}
