package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EditApplierTest {

  static Stream<Arguments> applied() {
    return Stream.of(
        Arguments.of(
            "exact, single line",
            "a\nint x = 1;\nb\n", "int x = 1;", "int x = 2;",
            "a\nint x = 2;\nb\n", 2, true),
        Arguments.of(
            "exact, inside a line",
            "return a+b;\n", "a+b", "a - b",
            "return a - b;\n", 1, true),
        Arguments.of(
            "exact, deletion",
            "keep\ndrop\nkeep2\n", "drop\n", "",
            "keep\nkeep2\n", 2, true),
        Arguments.of(
            "whitespace: model lost the indentation, replacement re-indented",
            "class A {\n    void f() {\n        g();\n    }\n}\n",
            "void f() {\n    g();\n}", "void f() {\n    h();\n}",
            "class A {\n    void f() {\n        h();\n    }\n}\n", 2, false),
        Arguments.of(
            "whitespace: tabs vs spaces and runs of blanks",
            "if (a) {\n\treturn  b;\n}\n", "if (a) {\n  return b;\n}", "if (a) {\n  return c;\n}",
            "if (a) {\n  return c;\n}\n", 1, false),
        Arguments.of(
            "whitespace: trailing spaces in file, blank lines around search",
            "x();   \ny();\n", "\n\nx();\ny();\n\n", "z();\n",
            "z();\n", 1, false),
        Arguments.of(
            "CRLF file, LF search: result keeps CRLF",
            "a\r\nb\r\nc\r\n", "b\nc", "B\nC",
            "a\r\nB\r\nC\r\n", 2, true),
        Arguments.of(
            "replacement with regex-looking text is literal",
            "s = x;\n", "x", "$1\\n",
            "s = $1\\n;\n", 1, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void applies(String name, String content, String search, String replace, String expected, int line, boolean exact) {
    EditApplier.Result r = EditApplier.apply(content, search, replace);
    assertThat(r).isInstanceOf(EditApplier.Applied.class);
    EditApplier.Applied a = (EditApplier.Applied) r;
    assertThat(a.content()).isEqualTo(expected);
    assertThat(a.line()).isEqualTo(line);
    assertThat(a.exact()).isEqualTo(exact);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("empty search", "a\n", "  \n", "b", "search text is empty"),
        Arguments.of("identical", "a\n", "a", "a", "identical"),
        Arguments.of("two exact matches", "x();\ny();\nx();\n", "x();", "z();", "matches 2 places (lines 1, 3)"),
        Arguments.of(
            "two whitespace-tolerant matches",
            "  if (a) {\n  }\n\tif (a) {\n\t}\n", "if (a) {\n}", "if (b) {\n}", "matches 2 places (lines 1, 3)"),
        Arguments.of("no match, with closest line hint", "int count = 0;\nreturn total;\n", "int counter = 0;", "int counter = 1;",
            "closest line is 1: `int count = 0;`"),
        Arguments.of("no match, nothing close", "alpha\n", "omega();", "x", "not found, not even ignoring whitespace"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(String name, String content, String search, String replace, String messagePart) {
    EditApplier.Result r = EditApplier.apply(content, search, replace);
    assertThat(r).isInstanceOf(EditApplier.Rejected.class);
    assertThat(((EditApplier.Rejected) r).message()).contains(messagePart);
  }

  @Test
  void noMatchMessageTellsTheModelToReRead() {
    EditApplier.Rejected r = (EditApplier.Rejected) EditApplier.apply("a\n", "b", "c");
    assertThat(r.message()).contains("read_file");
  }
}
