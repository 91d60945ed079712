package dev.acs.context;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ranking needs from a file's text, read once per version of the file: the types and
 * functions it declares (by keyword and shape, for the usual languages) and the identifiers it
 * uses, kept as sorted hash codes (a repository's worth of names as strings would cost more
 * memory than its text; a rare collision only adds an edge to the reference graph).
 */
final class FileFacts {
  /** Declarations in the usual languages: types and functions by keyword, methods by shape. */
  static final Pattern TYPE_DEF = Pattern.compile("\\b(?:class|interface|enum|record|struct|trait|object|type)\\s+([A-Za-z_]\\w*)");
  static final Pattern FUNC_DEF = Pattern.compile(
      "\\b(?:func|def|function|fn)\\s+(?:\\([^)]*\\)\\s*)?([A-Za-z_]\\w*)"
          // Kotlin: fun name(, fun <T> name(, and extension functions fun Receiver.name( / fun List<T>.name(.
          + "|\\bfun\\s+(?:<[^>\\n]{0,120}>\\s*)?(?:[A-Za-z_]\\w*(?:<[^>\\n]{0,120}>)?\\??\\.)*([A-Za-z_]\\w*)\\s*\\("
          + "|(?m)^\\s+(?:(?:public|protected|private|static|final|synchronized|abstract|default|async|override)\\s+)*"
          + "[\\w<>\\[\\],.?]+\\s+([a-zA-Z_]\\w*)\\s*\\([^;]*$"
          + "|\\b([A-Za-z_]\\w*)\\s*[:=]\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*=>)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{2,63}");

  private final Set<String> types;
  private final Set<String> functions;
  private final int[] identifierHashes;

  private FileFacts(Set<String> types, Set<String> functions, int[] identifierHashes) {
    this.types = types;
    this.functions = functions;
    this.identifierHashes = identifierHashes;
  }

  Set<String> types() {
    return types;
  }

  Set<String> functions() {
    return functions;
  }

  /** The distinct identifiers' hash codes, sorted. */
  int[] identifierHashes() {
    return identifierHashes.clone();
  }

  int identifierCount() {
    return identifierHashes.length;
  }

  int identifierHash(int i) {
    return identifierHashes[i];
  }

  static FileFacts of(String text) {
    Set<String> ids = new java.util.HashSet<>();
    Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      ids.add(m.group());
    }
    int[] hashes = ids.stream().mapToInt(String::hashCode).sorted().distinct().toArray();
    return new FileFacts(java.util.Collections.unmodifiableSet(declared(TYPE_DEF, text)), java.util.Collections.unmodifiableSet(declared(FUNC_DEF, text)), hashes);
  }

  /** Does the file use the identifier {@code name} (by hash)? */
  boolean uses(String name) {
    return Arrays.binarySearch(identifierHashes, name.hashCode()) >= 0;
  }

  static Set<String> declared(Pattern p, String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          out.add(m.group(g));
        }
      }
    }
    return out;
  }
}
