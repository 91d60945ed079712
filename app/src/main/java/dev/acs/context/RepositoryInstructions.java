package dev.acs.context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The maintainers' own guidance for the model: {@code AGENTS.md} files and the {@code instructions:}
 * of {@code .github/acs.yml}, as they are on the default branch (never a pull request's branch,
 * which anyone who can push there could rewrite). The root {@code AGENTS.md} and the settings'
 * instructions are {@link #general() general}; an {@code AGENTS.md} in a folder applies to the files
 * under it, and the {@link #nearest nearest} one above a file the model touches is given when it
 * first touches it.
 *
 * <p>Sizes are capped: {@value #MAX_PIECE_BYTES} bytes a piece, {@value #MAX_TOTAL_BYTES} bytes in
 * all for one run; a piece over its cap is cut at a line break with a note saying so, and a piece
 * past the total is replaced by a note. The text is the repository's, not ACS's: callers fence it
 * as such, below ACS's rules and above the issue. One instance per model run (it remembers what it
 * gave); not thread-safe.
 */
public final class RepositoryInstructions {
  public static final String FILE_NAME = "AGENTS.md";
  /** How the settings' instructions are named to the model and in the plan comment. */
  public static final String SETTINGS_SOURCE = ".github/acs.yml";
  public static final int MAX_PIECE_BYTES = 8 * 1024;
  public static final int MAX_TOTAL_BYTES = 16 * 1024;

  /** Files of the default branch, as the workspace sees them. */
  public interface Source {
    /** Paths (relative to the root, with {@code /}) of every file with this exact name. */
    List<String> pathsNamed(String fileName);

    /** A file's text; empty when it is not a readable file. */
    Optional<String> read(String path);
  }

  /**
   * One piece of guidance.
   *
   * @param source where it comes from: {@code AGENTS.md}, {@code src/api/AGENTS.md} or {@link #SETTINGS_SOURCE}
   * @param text the text as given to the model (cut, with the note, when over a cap)
   * @param cut true when part of the text was left out
   */
  public record Piece(String source, String text, boolean cut) {}

  private final Source source;
  private final String settingsText;
  /** Folder ("" for the root) → path of its AGENTS.md; sorted, deepest found by walking up. */
  private final TreeMap<String, String> byFolder = new TreeMap<>();
  private final Set<String> given = new LinkedHashSet<>();
  private int usedBytes;

  private RepositoryInstructions(Source source, String settingsText) {
    this.source = source;
    this.settingsText = settingsText == null ? "" : settingsText.strip();
    if (source != null) {
      for (String p : source.pathsNamed(FILE_NAME)) {
        String path = p.replace('\\', '/');
        int slash = path.lastIndexOf('/');
        byFolder.put(slash < 0 ? "" : path.substring(0, slash), path);
      }
    }
  }

  /** Guidance from these default-branch files and the settings' {@code instructions:} (may be null). */
  public static RepositoryInstructions of(Source source, String settingsInstructions) {
    return new RepositoryInstructions(source, settingsInstructions);
  }

  /** No guidance at all (a repository without any, or a caller that has none to give). */
  public static RepositoryInstructions none() {
    return new RepositoryInstructions(null, null);
  }

  /** True when the repository has any guidance, given or not yet. */
  public boolean any() {
    return !byFolder.isEmpty() || !settingsText.isEmpty();
  }

  /**
   * The guidance for the whole task: the settings' instructions, then the root {@code AGENTS.md}.
   * Each piece is given once per instance; a second call returns what was not given yet.
   */
  public List<Piece> general() {
    List<Piece> out = new ArrayList<>();
    if (!settingsText.isEmpty() && given.add(SETTINGS_SOURCE)) {
      out.add(capped(SETTINGS_SOURCE, settingsText));
    }
    String root = byFolder.get("");
    if (root != null && !given.contains(root)) {
      readPiece(root).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The nearest {@code AGENTS.md} above {@code path} (the file's own folder first, then each parent
   * up to the root), when it was not given yet. {@code path} is relative to the repository root.
   */
  public Optional<Piece> nearest(String path) {
    if (byFolder.isEmpty() || path == null) {
      return Optional.empty();
    }
    String folder = folderOf(path.replace('\\', '/'));
    while (true) {
      String agents = byFolder.get(folder);
      if (agents != null) {
        return given.contains(agents) ? Optional.empty() : readPiece(agents);
      }
      if (folder.isEmpty()) {
        return Optional.empty();
      }
      int slash = folder.lastIndexOf('/');
      folder = slash < 0 ? "" : folder.substring(0, slash);
    }
  }

  /** The sources given so far, in the order they were given (for "following AGENTS.md"). */
  public List<String> given() {
    return List.copyOf(given);
  }

  private Optional<Piece> readPiece(String path) {
    given.add(path);
    return source.read(path).filter(t -> !t.isBlank()).map(t -> capped(path, t.strip()));
  }

  private static String folderOf(String path) {
    String p = path.startsWith("./") ? path.substring(2) : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    int slash = p.lastIndexOf('/');
    // A folder given as the path itself (list_files) also counts: its own AGENTS.md applies.
    return slash < 0 ? "" : p.substring(0, slash);
  }

  private Piece capped(String name, String text) {
    int left = MAX_TOTAL_BYTES - usedBytes;
    if (left <= 0) {
      return new Piece(name, "[ACS: " + name + " is not shown: the repository's instructions already fill the "
          + kb(MAX_TOTAL_BYTES) + " ACS gives them in one task]", true);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int cap = Math.min(MAX_PIECE_BYTES, left);
    if (bytes.length <= cap) {
      usedBytes += bytes.length;
      return new Piece(name, text, false);
    }
    String kept = cutAtLine(text, cap);
    usedBytes += kept.getBytes(StandardCharsets.UTF_8).length;
    String why = cap == MAX_PIECE_BYTES
        ? "ACS reads at most " + kb(MAX_PIECE_BYTES) + " of each instructions file"
        : "the repository's instructions may fill at most " + kb(MAX_TOTAL_BYTES) + " in one task";
    return new Piece(name, kept + "\n[ACS: " + name + " is cut here: it has " + String.format(Locale.ROOT, "%,d", bytes.length)
        + " bytes and " + why + "; the rest was left out]", true);
  }

  /** The longest prefix of whole lines within {@code maxBytes} (whole characters when one line is longer). */
  static String cutAtLine(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += Character.charCount(cp);
      end = i;
    }
    String prefix = text.substring(0, end);
    int lastBreak = prefix.lastIndexOf('\n');
    return lastBreak > 0 ? prefix.substring(0, lastBreak) : prefix;
  }

  private static String kb(int bytes) {
    return bytes / 1024 + " KB";
  }
}
