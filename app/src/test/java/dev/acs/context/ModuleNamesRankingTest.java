package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dotted module and class names ({@code pkg.plot.base}, {@code from pkg.plot import base}, {@code
 * okhttp3.internal.ws.Reader}) name a file as a path does, and Kotlin's functions (top-level,
 * generic, extension) count as declarations. Each on a small repository in a temporary folder
 * where the signal decides the first file; the same issue without it ranks another file first.
 */
class ModuleNamesRankingTest {
  @TempDir Path tree;

  private void twoModulesOfOneName() throws IOException {
    // Two base.py files holding the same code: the issue's words match both alike.
    String reader = "class Reader:\n    def read_rows(self, rows, columns):\n        return [r for r in rows if columns]\n"
        + "\n\ndef open_rows(path, columns):\n    return Reader().read_rows(path, columns)\n";
    write("src/pkg/io/base.py", reader);
    write("src/pkg/plot/base.py", reader);
    write("src/pkg/plot/__init__.py", "from .base import Reader\n");
  }

  private static double scoreOf(RepoScan scan, String title, String body, String path) {
    return FileRanking.rank(scan, title, body, FileRanking.Options.DEFAULT).stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow().score();
  }

  @Test
  void aDottedPythonModuleNamesItsFile() throws IOException {
    twoModulesOfOneName();
    String title = "Rows with empty columns are dropped";
    String body = "Reading rows with empty columns in pkg.plot.base drops the rows; read_rows should keep them.";
    RepoScan scan = ScanCache.shared().scan(tree);
    assertThat(IssueMentions.of(title, body).modules()).containsKey("pkg/plot/base");

    assertThat(FileRanking.moduleScores(scan.files(), IssueMentions.of(title, body))).containsOnlyKeys("src/pkg/plot/base.py");
    assertThat(FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT).get(0)).isEqualTo("src/pkg/plot/base.py");
    // The same words, not dotted: the module counts for less (its words only).
    String words = body.replace("pkg.plot.base", "pkg plot base");
    assertThat(scoreOf(scan, title, body, "src/pkg/plot/base.py")).isGreaterThan(scoreOf(scan, title, words, "src/pkg/plot/base.py"));
    // Not named at all: the two modules tie, and the first by path comes first.
    String unnamed = body.replace(" in pkg.plot.base", "");
    assertThat(FileRanking.rankPaths(scan, title, unnamed, FileRanking.Options.DEFAULT).get(0)).isEqualTo("src/pkg/io/base.py");
  }

  @Test
  void anImportNamesTheModuleAndAMemberNamesItsModule() throws IOException {
    twoModulesOfOneName();
    String title = "Rows with empty columns are dropped";
    RepoScan scan = ScanCache.shared().scan(tree);
    String imported = "```python\nfrom pkg.plot import base\n```\nReading rows with empty columns drops the rows; read_rows should keep them.";
    assertThat(IssueMentions.of(title, imported).modules()).containsKey("pkg/plot/base");
    assertThat(FileRanking.rankPaths(scan, title, imported, FileRanking.Options.DEFAULT).get(0)).isEqualTo("src/pkg/plot/base.py");
    // A class and its method after the module: the module, not the package (pkg/plot/__init__.py) as well.
    String member = "Reading rows with empty columns via pkg.plot.base.Figure.draw drops the rows; read_rows should keep them.";
    assertThat(FileRanking.moduleScores(scan.files(), IssueMentions.of(title, member))).containsOnlyKeys("src/pkg/plot/base.py");
    // A class re-exported by its package (pkg.plot.Figure): not the package's __init__.py, which only imports it.
    assertThat(FileRanking.moduleScores(scan.files(), IssueMentions.of(title, "pkg.plot.Figure fails"))).isEmpty();
    assertThat(FileRanking.moduleScores(scan.files(), IssueMentions.of(title, "import pkg.plot fails"))).containsOnlyKeys("src/pkg/plot/__init__.py");
  }

  @Test
  void aFullyQualifiedClassNamesItsFileUnderAnySourceFolder() throws IOException {
    String reader = "\n\nclass Reader {\n  fun readFrame(frame: Frame): Boolean = frame.size > 0\n  fun readHeaders(frame: Frame) = frame\n}\n";
    write("okhttp/src/main/kotlin/okhttp3/internal/http2/Reader.kt", "package okhttp3.internal.http2" + reader);
    write("okhttp/src/main/kotlin/okhttp3/internal/ws/Reader.kt", "package okhttp3.internal.ws" + reader);
    String title = "Reader fails on an empty frame";
    String body = "okhttp3.internal.ws.Reader throws when the frame is empty.";
    RepoScan scan = ScanCache.shared().scan(tree);
    assertThat(FileRanking.moduleScores(scan.files(), IssueMentions.of(title, body))).containsOnlyKeys("okhttp/src/main/kotlin/okhttp3/internal/ws/Reader.kt");

    assertThat(FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT).get(0)).isEqualTo("okhttp/src/main/kotlin/okhttp3/internal/ws/Reader.kt");
    String words = body.replace("okhttp3.internal.ws.Reader", "The Reader");
    assertThat(FileRanking.rankPaths(scan, title, words, FileRanking.Options.DEFAULT).get(0)).isEqualTo("okhttp/src/main/kotlin/okhttp3/internal/http2/Reader.kt");
  }

  @Test
  void kotlinFunctionsAreDeclarations() throws IOException {
    String calls = "package okhttp3.coroutines\n\nsuspend fun <T> Call.executeAsync(): Response = suspendCancellableCoroutine { it }\n"
        + "fun Request.Builder.tagged(tag: String): Request.Builder = this\n"
        + "internal fun List<String>?.joined(): String = orEmpty().joinToString()\n"
        + "fun topLevel(x: Int) = x\n";
    assertThat(FileFacts.of(calls).functions()).contains("executeAsync", "tagged", "joined", "topLevel");

    write("okhttp-coroutines/src/main/kotlin/okhttp3/coroutines/Calls.kt", calls);
    write("okcurl/src/main/kotlin/okhttp3/curl/Fetch.kt", "package okhttp3.curl\n\nclass Fetch {\n"
        + "  suspend fun one(call: Call) = call.executeAsync()\n  suspend fun two(call: Call) = call.executeAsync()\n"
        + "  suspend fun three(call: Call) = call.executeAsync()\n}\n");
    // The caller calls it three times; the file that declares it comes first.
    assertThat(FileRanking.rankPaths(ScanCache.shared().scan(tree), "executeAsync never resumes", "", FileRanking.Options.DEFAULT).get(0))
        .isEqualTo("okhttp-coroutines/src/main/kotlin/okhttp3/coroutines/Calls.kt");
  }

  @Test
  void theProjectsOwnNameDoesNotRaiseItsTopPackage() throws IOException {
    write("proj/__init__.py", "from proj.reader import read_file\nfrom proj.cli import main\n__all__ = ['read_file', 'main']\n");
    write("proj/reader.py", "def read_file(path):\n    with open(path) as f:\n        return f.readline().split(',')\n");
    write("proj/cli.py", "import sys\nfrom proj.reader import read_file\n\ndef main():\n    return read_file(sys.argv[1])\n");
    String title = "Crash on an empty file";
    String body = "Running `proj empty.csv` crashes: `proj` calls read_file, which fails on an empty file.";
    RepoScan scan = ScanCache.shared().scan(tree);
    assertThat(IssueMentions.of(title, body).names()).containsKey("proj");

    assertThat(FileRanking.MentionParts.of(scan.file("proj/__init__.py"), scan.facts("proj/__init__.py"), IssueMentions.of(title, body)).name()).isZero();
    assertThat(FileSignals.of(scan, title, body).get("proj/__init__.py")[Signal.OWN_NAME.ordinal()]).isZero();
    // A module of the project named as the project is: its own name counts.
    assertThat(FileSignals.of(scan, title, body.replace("`proj`", "`reader`"))
        .get("proj/reader.py")[Signal.OWN_NAME.ordinal()]).isPositive();
  }

  @Test
  void thePackagesOnTheWayOfADottedNameAreNotNamesMentioned() {
    IssueMentions m = IssueMentions.of("t", "With sphinx.ext.autodoc on, the call obj.method(x) fails");
    assertThat(m.modules()).containsKey("sphinx/ext/autodoc");
    assertThat(m.names()).containsKey("method").doesNotContainKey("ext");
  }

  private void write(String path, String text) throws IOException {
    Path p = tree.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
