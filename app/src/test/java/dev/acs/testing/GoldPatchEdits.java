package dev.acs.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a unified diff (a task's gold patch) into the search/replace edits a model would make
 * through ACS's edit tool: one edit per hunk, searching the hunk's old side (context and removed
 * lines) and replacing it with its new side. New files become whole-file creations.
 */
public final class GoldPatchEdits {
  private GoldPatchEdits() {}

  /** One tool call: {@code search == null} means create the file with {@code replace}. */
  public record Edit(String path, String search, String replace) {}

  public static List<Edit> of(String unifiedDiff) {
    List<Edit> edits = new ArrayList<>();
    String path = null;
    boolean newFile = false;
    StringBuilder oldSide = null;
    StringBuilder newSide = null;
    for (String line : unifiedDiff.split("\n", -1)) {
      if (line.startsWith("diff --git ")) {
        flush(edits, path, newFile, oldSide, newSide);
        oldSide = null;
        newSide = null;
        path = null;
        newFile = false;
      } else if (line.startsWith("new file mode")) {
        newFile = true;
      } else if (line.startsWith("+++ ") && oldSide == null) {
        String p = line.substring(4).trim();
        path = p.startsWith("b/") ? p.substring(2) : p;
      } else if (line.startsWith("--- ") && oldSide == null) {
        // the old name; the new one (+++) is what we edit
      } else if (line.startsWith("@@")) {
        flush(edits, path, newFile, oldSide, newSide);
        oldSide = new StringBuilder();
        newSide = new StringBuilder();
      } else if (oldSide != null && !line.startsWith("\\")) {
        if (line.isEmpty()) {
          continue; // trailing newline of the patch text
        }
        char kind = line.charAt(0);
        String text = line.substring(1) + "\n";
        if (kind == ' ' || kind == '-') {
          oldSide.append(text);
        }
        if (kind == ' ' || kind == '+') {
          newSide.append(text);
        }
      }
    }
    flush(edits, path, newFile, oldSide, newSide);
    return edits;
  }

  private static void flush(List<Edit> edits, String path, boolean newFile, StringBuilder oldSide, StringBuilder newSide) {
    if (path == null || oldSide == null) {
      return;
    }
    edits.add(newFile ? new Edit(path, null, newSide.toString()) : new Edit(path, oldSide.toString(), newSide.toString()));
  }
}
