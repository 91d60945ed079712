package dev.acs.context;

import dev.acs.context.Outline.Skip;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outlines source files: Java with JavaParser (exact declarations, as the map always showed them),
 * Python, JavaScript, TypeScript/TSX, Go, Kotlin, Rust, C# and Ruby with tree-sitter, and Java too
 * when JavaParser gives up. Never throws for a file's content: a file that is too large, binary,
 * minified, unparsable or slower than the time limit comes back as a path-only outline saying why.
 *
 * <p>Not thread-safe (it holds a native parser); close it to free that parser at once rather than
 * when the garbage collector gets to it.
 */
public final class OutlineParser implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutlineParser.class);
  /** Larger files are generated or vendored far more often than written, and their outline would crowd out others. */
  public static final int MAX_BYTES = 256 * 1024;
  /**
   * Per-file time limit. Tree-sitter parsed about 1 MB/s here on two cores shared with twenty other
   * processes (far more when not starved), so a file under the size limit takes well under this.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** A line this long is a bundle or data, not code a person writes. */
  static final int MINIFIED_LINE = 20_000;
  private static final int LONG_LINE = 400;
  private static final int SNIFF_BYTES = 8192;

  private final long timeoutNanos;
  private final JavaOutline java = new JavaOutline();
  private TreeSitterOutline treeSitter;
  private boolean treeSitterBroken;

  public OutlineParser() {
    this(DEFAULT_TIMEOUT);
  }

  public OutlineParser(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /** Is there a grammar for this file's extension? */
  public static boolean supports(String path) {
    return OutlineGrammar.forPath(path) != null;
  }

  /** The outline of a file read as bytes: binary or non-UTF-8 content gives a path-only outline. */
  public Outline outline(String path, byte[] bytes) {
    OutlineGrammar grammar = OutlineGrammar.forPath(path);
    if (grammar == null) {
      return Outline.pathOnly(path, null, Skip.UNSUPPORTED_LANGUAGE);
    }
    if (bytes.length > MAX_BYTES) {
      return Outline.pathOnly(path, grammar.id(), Skip.TOO_LARGE);
    }
    for (int i = 0; i < Math.min(bytes.length, SNIFF_BYTES); i++) {
      if (bytes[i] == 0) {
        return Outline.pathOnly(path, grammar.id(), Skip.BINARY);
      }
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return outline(path, text);
    } catch (CharacterCodingException e) {
      return Outline.pathOnly(path, grammar.id(), Skip.BINARY);
    }
  }

  /** The outline of a file's text. */
  public Outline outline(String path, String text) {
    OutlineGrammar grammar = OutlineGrammar.forPath(path);
    if (grammar == null) {
      return Outline.pathOnly(path, null, Skip.UNSUPPORTED_LANGUAGE);
    }
    if (text.length() > MAX_BYTES || utf8Length(text) > MAX_BYTES) {
      return Outline.pathOnly(path, grammar.id(), Skip.TOO_LARGE);
    }
    if (looksBinary(text)) {
      return Outline.pathOnly(path, grammar.id(), Skip.BINARY);
    }
    if (looksMinified(text)) {
      return Outline.pathOnly(path, grammar.id(), Skip.MINIFIED);
    }
    if (grammar == OutlineGrammar.JAVA) {
      Outline o = java.outline(path, text);
      if (o != null) {
        return o;
      }
    }
    return withTreeSitter(path, text, grammar);
  }

  private Outline withTreeSitter(String path, String text, OutlineGrammar grammar) {
    if (treeSitterBroken) {
      return Outline.pathOnly(path, grammar.id(), Skip.UNPARSABLE);
    }
    try {
      if (treeSitter == null) {
        treeSitter = new TreeSitterOutline(timeoutNanos);
      }
      return treeSitter.outline(path, text, grammar);
    } catch (LinkageError e) {
      // The native library does not load on this platform (or a grammar is missing): every file
      // shows as a path, and the rest of ACS goes on.
      treeSitterBroken = true;
      LOG.warn("tree-sitter is not available here ({}); the repository map shows non-Java files as paths", e.toString());
      return Outline.pathOnly(path, grammar.id(), Skip.UNPARSABLE);
    } catch (RuntimeException e) {
      LOG.debug("outline of {} failed: {}", path, e.toString());
      return Outline.pathOnly(path, grammar.id(), Skip.UNPARSABLE);
    }
  }

  @Override
  public void close() {
    if (treeSitter != null) {
      treeSitter.close();
      treeSitter = null;
    }
  }

  /** Control characters other than tab, newline, carriage return and form feed, or undecodable bytes, in the first 8 KB. */
  static boolean looksBinary(String text) {
    int n = Math.min(text.length(), SNIFF_BYTES);
    int odd = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return true;
      }
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == '\uFFFD') {
        odd++;
      }
    }
    return odd > Math.max(8, n / 50);
  }

  /** A line of 20,000 characters, or most of the text in lines over 400 characters: a bundle, not source. */
  static boolean looksMinified(String text) {
    long inLongLines = 0;
    int lineStart = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        int len = i - lineStart;
        if (len >= MINIFIED_LINE) {
          return true;
        }
        if (len > LONG_LINE) {
          inLongLines += len;
        }
        lineStart = i + 1;
      }
    }
    return text.length() > 4 * LONG_LINE && inLongLines * 2 > text.length();
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}
