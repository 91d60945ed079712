package dev.acs.context;

import java.util.ArrayList;
import java.util.List;

/**
 * What one source file declares: its types, functions and methods in source order, each with a
 * one-line signature and the first line of its doc comment. A file that could not be outlined
 * (unknown language, too large, binary, minified, unparsable, out of time) has no symbols and says
 * why in {@link #skipped()}; the map then shows it as a path.
 *
 * @param language the grammar used ("python", "typescript", ...), or null when none applies
 * @param skipped why the file shows as a path only, or null when it was outlined
 */
public record Outline(String path, String language, List<Symbol> symbols, Skip skipped) {
  /** Why a file was not outlined. */
  public enum Skip {
    UNSUPPORTED_LANGUAGE, TOO_LARGE, BINARY, MINIFIED, UNPARSABLE, TIMED_OUT
  }

  /** What a declaration is, for grouping in the shorter forms of the map. */
  public enum Kind {
    /** Classes, interfaces, structs, enums, traits, records, type aliases, impl blocks. */
    TYPE,
    /** Namespaces, modules, packages declared inside a file. */
    NAMESPACE,
    /** Functions outside any type. */
    FUNCTION,
    /** Functions declared in a type (or, in Go and Rust, for a receiver type). */
    METHOD
  }

  /**
   * One declaration.
   *
   * @param keyword the word the language declares it with ("class", "struct", "def", "fn", ...)
   * @param owner the enclosing type or namespace's name, or a Go method's receiver type, or null
   * @param signature the declaration's head on one line, without its body
   * @param doc the first line of its doc comment, or null
   * @param line the 1-based line it starts on
   * @param depth how deeply it is nested in other outlined declarations (0 at the top)
   */
  public record Symbol(Kind kind, String keyword, String name, String owner, String signature, String doc, int line, int depth) {}

  public Outline {
    symbols = List.copyOf(symbols);
  }

  /** A file shown by its path only. */
  public static Outline pathOnly(String path, String language, Skip why) {
    return new Outline(path, language, List.of(), why);
  }

  public boolean outlined() {
    return skipped == null && !symbols.isEmpty();
  }

  /**
   * The full form: the path, then one line per declaration, indented by nesting, with its
   * signature and, after the language's comment marker, the first line of its doc comment.
   * Every line but the first is indented, so a reader can tell paths from outline lines.
   */
  public String detailed() {
    return detailed(Integer.MAX_VALUE);
  }

  /**
   * The full form cut to at most {@code maxChars} characters: as many declarations as fit, then a
   * line saying how many more there are; null when not even the path and that line fit.
   */
  public String detailed(int maxChars) {
    StringBuilder b = new StringBuilder(path).append('\n');
    String marker = "python".equals(language) || "ruby".equals(language) ? "  # " : "  // ";
    for (int i = 0; i < symbols.size(); i++) {
      Symbol s = symbols.get(i);
      String line = "  ".repeat(s.depth() + 1) + s.signature() + (s.doc() != null ? marker + s.doc() : "") + "\n";
      String more = "  ... " + (symbols.size() - i) + " more declarations\n";
      boolean last = i == symbols.size() - 1;
      if (b.length() + line.length() + (last ? 0 : more.length()) > maxChars) {
        return b.length() + more.length() <= maxChars && i > 0 ? b.append(more).toString() : null;
      }
      b.append(line);
    }
    return b.toString();
  }

  /**
   * The short form: the path, then each type or namespace with the names of its members, and the
   * file's free functions on one line.
   */
  public String names() {
    StringBuilder b = new StringBuilder(path).append('\n');
    List<String> free = new ArrayList<>();
    for (int i = 0; i < symbols.size(); i++) {
      Symbol s = symbols.get(i);
      boolean container = s.kind() == Kind.TYPE || s.kind() == Kind.NAMESPACE;
      if (container && (s.depth() == 0 || enclosedByNamespace(i))) {
        List<String> members = new ArrayList<>();
        for (int j = i + 1; j < symbols.size() && symbols.get(j).depth() > s.depth(); j++) {
          Symbol m = symbols.get(j);
          if (m.depth() == s.depth() + 1 && (s.kind() == Kind.TYPE || m.kind() == Kind.FUNCTION || m.kind() == Kind.METHOD)) {
            members.add(m.name());
          }
        }
        b.append("  ".repeat(s.depth() + 1)).append(s.keyword()).append(' ').append(s.name());
        if (!members.isEmpty()) {
          b.append(": ").append(String.join(", ", members));
        }
        b.append('\n');
      } else if (!container && s.depth() == 0) {
        free.add(s.owner() != null && s.depth() == 0 ? s.owner() + "." + s.name() : s.name());
      }
    }
    if (!free.isEmpty()) {
      b.append("  functions: ").append(String.join(", ", free)).append('\n');
    }
    return b.toString();
  }

  /** Is the symbol at {@code i} directly inside a namespace (C# namespace, Rust mod, Ruby module, TS namespace)? */
  private boolean enclosedByNamespace(int i) {
    int depth = symbols.get(i).depth();
    for (int j = i - 1; j >= 0; j--) {
      Symbol p = symbols.get(j);
      if (p.depth() < depth) {
        return p.depth() == depth - 1 && p.kind() == Kind.NAMESPACE && (p.depth() == 0 || enclosedByNamespace(j));
      }
    }
    return false;
  }
}
