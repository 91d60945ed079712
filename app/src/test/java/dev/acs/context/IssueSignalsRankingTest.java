package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signals an issue gives beyond its words, each on a small repository in a temporary folder
 * where it decides the first file: a quoted message, a qualified member, a JavaScript stack frame,
 * a failing test's name. Each test also ranks without the signal, to show that it decides.
 */
class IssueSignalsRankingTest {
  @TempDir Path tree;

  @Test
  void aQuotedExceptionMessageFindsTheFileThatThrowsIt() throws IOException {
    write("src/main/java/acme/version/VersionParser.java",
        "package acme.version;\n/** Reads a version: the input up to its end, then an optional qualifier after a dash (unexpected ones are kept). */\n"
            + "class VersionParser {\n  Version parse(String input) { return new Version(Tokens.read(input)); }\n}\n");
    write("src/main/java/acme/version/Tokens.java",
        "package acme.version;\nclass Tokens {\n  static int[] read(String s) {\n    if (s.isEmpty()) {\n"
            + "      throw new IllegalStateException(\"Unexpected end of input after qualifier\");\n    }\n    return new int[0];\n  }\n}\n");
    write("src/main/java/acme/version/Version.java", "package acme.version;\nrecord Version(int[] parts) { }\n");
    String title = "A trailing dash fails";
    String body = "`1.0-` fails with\n\n```\njava.lang.IllegalStateException: Unexpected end of input after qualifier\n```\n";
    RepoScan scan = ScanCache.shared().scan(tree);
    IssueMentions mentions = IssueMentions.of(title, body);
    assertThat(mentions.messages()).containsKey("Unexpected end of input after qualifier");
    // The parser has the message's words, the tokenizer has the message.
    assertThat(FileRanking.messageScores(scan, mentions)).containsOnlyKeys("src/main/java/acme/version/Tokens.java");

    assertThat(FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT).get(0)).isEqualTo("src/main/java/acme/version/Tokens.java");
  }

  @Test
  void aQualifiedMemberPointsAtTheFileOfItsOwnerThatDeclaresIt() throws IOException {
    write("rest/server.go", "package rest\n\ntype Server struct{ engine *engine }\n\nfunc MustNewServer(c RestConf, opts ...RunOption) *Server {\n"
        + "\treturn &Server{engine: newEngine(c)}\n}\n");
    write("zrpc/server.go", "package zrpc\n\ntype RpcServer struct{ }\n\nfunc MustNewServer(c RpcServerConf) *RpcServer {\n\treturn &RpcServer{}\n}\n");
    write("rest/engine.go", "package rest\n\ntype engine struct{ conf RestConf }\n\nfunc newEngine(c RestConf) *engine { return &engine{conf: c} }\n");
    String title = "jwt before cors makes every route fail";
    String body = "rest.MustNewServer(c, rest.WithCors()) checks the jwt of a route before cors, so every route fails.";
    RepoScan scan = ScanCache.shared().scan(tree);
    IssueMentions mentions = IssueMentions.of(title, body);
    assertThat(mentions.members()).containsKey("rest#MustNewServer");

    // Both declare MustNewServer; only one is in package rest.
    assertThat(FileRanking.MentionParts.of(scan.file("rest/server.go"), scan.facts("rest/server.go"), mentions).member()).isPositive();
    assertThat(FileRanking.MentionParts.of(scan.file("zrpc/server.go"), scan.facts("zrpc/server.go"), mentions).member()).isZero();
    assertThat(FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT).get(0)).isEqualTo("rest/server.go");
  }

  @Test
  void aNodeStackFrameFindsTheFileItRunsIn() throws IOException {
    write("lib/utils.js", "function isFormData(thing) {\n  return thing instanceof FormData;\n}\nmodule.exports = { isFormData };\n");
    write("lib/defaults/index.js", "function transformRequest(data, headers) {\n  return JSON.stringify(data);\n}\n");
    write("lib/core/transformData.js", "module.exports = function transformData(fns, data) { fns.forEach(fn => { data = fn(data); }); return data; };\n");
    String title = "Upload of a large buffer fails";
    String body = "Error: Cannot create a string longer than 0x1fffffe8 characters\n"
        + "    at Buffer.toString (node:buffer:798:17)\n"
        + "    at Object.isFormData (file:///home/me/app/node_modules/acme/lib/utils.js:195:42)\n"
        + "    at Object.transformRequest (native)\n"
        + "    at transform (native)\n";
    RepoScan scan = ScanCache.shared().scan(tree);
    assertThat(IssueMentions.of(title, body).frameFiles()).containsKey("/home/me/app/node_modules/acme/lib/utils.js");

    assertThat(FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT).get(0)).isEqualTo("lib/utils.js");
    // The same frame without its file: the function names alone do not decide.
    String noFiles = body.replaceAll("\\(file://[^)]*\\)", "(native)");
    assertThat(FileRanking.rankPaths(scan, title, noFiles, FileRanking.Options.DEFAULT).get(0)).isNotEqualTo("lib/utils.js");
  }

  @Test
  void aFailingTestNamesTheCodeItTests() throws IOException {
    // The same code in two modules; the failing test is the first's.
    write("src/pkg/sizes.py", "def compute(items):\n    return [i.width for i in items]\n");
    write("src/pkg/boxes.py", "def measure(items):\n    return [i.width for i in items]\n");
    write("tests/test_sizes.py", "from pkg.sizes import compute\n\ndef test_width():\n    assert compute([]) == []\n");
    String title = "Widths are wrong";
    String body = "FAILED tests/test_sizes.py::test_width - AssertionError: assert [3] == [4]\n";
    RepoScan scan = ScanCache.shared().scan(tree);
    assertThat(IssueMentions.of(title, body).names()).containsKey("sizes");

    List<String> ranked = FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT);
    assertThat(ranked.indexOf("src/pkg/sizes.py")).isLessThan(ranked.indexOf("src/pkg/boxes.py"));
    // Another test failing: the two modules tie, and the first by path comes first.
    List<String> otherTest = FileRanking.rankPaths(scan, title, body.replace("test_sizes.py", "test_other.py"), FileRanking.Options.DEFAULT);
    assertThat(otherTest.indexOf("src/pkg/sizes.py")).isGreaterThan(otherTest.indexOf("src/pkg/boxes.py"));
  }

  @Test
  void aTestClassMentionedGivesItsSubjectAHalfMention() {
    IssueMentions m = IssueMentions.of("JsonReaderTest fails", "see `FooTests` and src/test/java/a/BarIT.java (the path and the name: two half mentions)");
    assertThat(m.names()).containsEntry("JsonReader", 1.0).containsEntry("Foo", 0.5).containsEntry("Bar", 1.0);
  }

  private void write(String path, String text) throws IOException {
    Path p = tree.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
