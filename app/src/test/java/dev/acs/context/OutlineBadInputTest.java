package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.context.Outline.Skip;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Input that must come back as a path, never as an exception or a hang. */
class OutlineBadInputTest {
  private OutlineParser parser;

  @BeforeEach
  void open() {
    parser = new OutlineParser();
  }

  @AfterEach
  void close() {
    parser.close();
  }

  @Test
  void garbageBytesWithAPythonNameAreBinary() {
    byte[] garbage = new byte[64 * 1024];
    new Random(13).nextBytes(garbage);
    Outline o = parser.outline("tools/gen.py", garbage);
    assertThat(o.skipped()).isEqualTo(Skip.BINARY);
    assertThat(o.outlined()).isFalse();
    assertThat(o.detailed()).isEqualTo("tools/gen.py\n");
  }

  @Test
  void bytesThatAreNotUtf8AreBinaryEvenWithoutNul() {
    byte[] latin1 = new byte[4096];
    Random r = new Random(7);
    for (int i = 0; i < latin1.length; i++) {
      latin1[i] = (byte) (0x80 + r.nextInt(0x80));
    }
    assertThat(parser.outline("a.rb", latin1).skipped()).isEqualTo(Skip.BINARY);
    // Read as text elsewhere (replacement characters) it is still recognised.
    assertThat(parser.outline("a.rb", new String(latin1, StandardCharsets.UTF_8)).skipped()).isEqualTo(Skip.BINARY);
  }

  @Test
  void textThatIsNotThisLanguageHasNoSymbols() {
    Outline o = parser.outline("notes.go", "}}} ))) func ( { type ;; struct ]]] \n".repeat(200));
    assertThat(o.symbols()).isEmpty();
    assertThat(o.outlined()).isFalse();
  }

  @Test
  void aTwoMegabyteMinifiedBundleIsTooLarge() {
    byte[] bundle = minifiedJs(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);
    Outline o = parser.outline("dist/app.min.js", bundle);
    assertThat(o.skipped()).isEqualTo(Skip.TOO_LARGE);
    assertThat(o.detailed()).isEqualTo("dist/app.min.js\n");
  }

  @Test
  void aSmallerMinifiedFileIsRecognisedByItsLines() {
    Outline o = parser.outline("public/vendor.js", minifiedJs(100 * 1024));
    assertThat(o.skipped()).isEqualTo(Skip.MINIFIED);
    // A few long lines in ordinary code are not minification.
    String code = "/** Adds. */\nfunction add(a, b) {\n  return a + b;\n}\nconst TABLE = '" + "x".repeat(1000) + "';\n" + "// filler\n".repeat(200);
    Outline ok = parser.outline("src/add.js", code);
    assertThat(ok.skipped()).isNull();
    assertThat(ok.detailed()).contains("  function add(a, b)  // Adds.\n");
  }

  @Test
  void deeplyNestedCodeIsOutlinedAsFarAsTheDepthLimit() {
    StringBuilder py = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      py.append("    ".repeat(i)).append("class C").append(i).append(":\n");
    }
    py.append("    ".repeat(40)).append("pass\n");
    py.append("def tail():\n    return ").append(nested("[", "", "]", 20_000)).append('\n');
    Outline o = parser.outline("deep.py", py.toString());
    assertThat(o.skipped()).isNull();
    assertThat(o.symbols()).hasSize(TreeSitterOutline.MAX_DEPTH + 2);
    assertThat(o.symbols().get(o.symbols().size() - 1).name()).isEqualTo("tail");
  }

  @Test
  void deeplyNestedJavaIsOutlined() {
    // Deep enough to overflow a recursive-descent parser's stack; tree-sitter's parser is not recursive.
    String java = "class Deep {\n  int f() { return " + nested("(", "1", ")", 10_000) + "; }\n}\n";
    Outline o = parser.outline("Deep.java", java);
    assertThat(o.skipped()).isNull();
    assertThat(o.detailed()).contains("  class Deep\n", "    int f()\n");
  }

  @Test
  void aParseOverTheTimeLimitIsCancelled() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      big.append("def f").append(i).append("(a, b):\n    return a + b * ").append(i).append('\n');
    }
    try (OutlineParser hurried = new OutlineParser(Duration.ofNanos(1))) {
      Outline o = hurried.outline("big.py", big.toString());
      assertThat(o.skipped()).isEqualTo(Skip.TIMED_OUT);
      assertThat(o.detailed()).isEqualTo("big.py\n");
      // The parser is usable again after a cancelled parse.
      try (OutlineParser patient = new OutlineParser()) {
        assertThat(patient.outline("big.py", big.toString()).symbols()).hasSize(TreeSitterOutline.MAX_SYMBOLS);
      }
    }
    assertThat(parser.outline("small.py", "def f():\n    pass\n").symbols()).hasSize(1);
  }

  @Test
  void filesOverTheSizeLimitAreNotParsed() {
    String big = "def f():\n    pass\n" + "# padding\n".repeat(OutlineParser.MAX_BYTES / 10);
    assertThat(parser.outline("big.py", big).skipped()).isEqualTo(Skip.TOO_LARGE);
    // Counted in UTF-8 bytes, not characters.
    String wide = "def f():\n    pass\n# " + "é".repeat(OutlineParser.MAX_BYTES / 2) + "\n";
    assertThat(wide.length()).isLessThan(OutlineParser.MAX_BYTES);
    assertThat(parser.outline("wide.py", wide).skipped()).isEqualTo(Skip.TOO_LARGE);
  }

  @Test
  void unknownLanguagesArePathsOnly() {
    assertThat(parser.outline("Makefile", "all:\n\techo hi\n").skipped()).isEqualTo(Skip.UNSUPPORTED_LANGUAGE);
    assertThat(parser.outline("a.c", new byte[] {1, 2, 3}).skipped()).isEqualTo(Skip.UNSUPPORTED_LANGUAGE);
  }

  @Test
  void anEmptyFileHasNoSymbolsAndIsNotAnError() {
    Outline o = parser.outline("pkg/__init__.py", "");
    assertThat(o.skipped()).isNull();
    assertThat(o.symbols()).isEmpty();
  }

  /** {@code depth} opening brackets, {@code inner}, then as many closing ones, 50 to a line (so that it is not taken for minified). */
  static String nested(String open, String inner, String close, int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append(open).append(i % 50 == 49 ? "\n" : "");
    }
    b.append(inner);
    for (int i = 0; i < depth; i++) {
      b.append(close).append(i % 50 == 49 ? "\n" : "");
    }
    return b.toString();
  }

  /** What a bundler writes: one long line of short names. */
  static String minifiedJs(int size) {
    StringBuilder b = new StringBuilder("!function(e,t){");
    int i = 0;
    while (b.length() < size) {
      b.append("var a").append(i).append("=function(n){return n*").append(i).append("};");
      i++;
    }
    return b.append("}(this);").toString();
  }
}
