package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan cache on a real git working tree: what is read again after an edit, a commit, a checkout. */
class ScanCacheTest {
  @TempDir Path tree;

  @Test
  void aSecondScanOfAnUnchangedTreeReadsNothingAndGivesTheSameScan() throws Exception {
    commitThreeFiles();
    ScanCache cache = new ScanCache(2);
    RepoScan first = cache.scan(tree);
    RepoScan second = cache.scan(tree);
    assertThat(first.filesRead()).isEqualTo(3);
    assertThat(second).isSameAs(first);
    assertThat(first.files()).extracting(SourceFile::path).containsExactly("README.md", "src/Parser.java", "src/Printer.java");
    assertThat(first.commit()).hasSize(40);
  }

  @Test
  void anEditedFileIsReadAgainAndRankedByItsNewText() throws Exception {
    commitThreeFiles();
    ScanCache cache = new ScanCache(2);
    RepoScan before = cache.scan(tree);
    assertThat(FileRanking.rankPaths(before, "tokenizer overflow", "", FileRanking.Options.DEFAULT).get(0)).isNotEqualTo("src/Printer.java");

    Path printer = tree.resolve("src/Printer.java");
    Files.writeString(printer, "class Printer { void tokenizerOverflow() { } }\n");
    RepoScan after = cache.scan(tree);

    assertThat(after.filesRead()).isEqualTo(1);
    assertThat(FileRanking.rankPaths(after, "tokenizer overflow", "", FileRanking.Options.DEFAULT).get(0)).isEqualTo("src/Printer.java");
    // The earlier scan still ranks: its index was released, so it indexes its own files again.
    assertThat(FileRanking.rankPaths(before, "tokenizer overflow", "", FileRanking.Options.DEFAULT)).hasSize(3);
  }

  @Test
  void aCheckoutOfAnotherCommitReadsOnlyTheFilesThatDiffer() throws Exception {
    RevCommit first = commitThreeFiles();
    try (Git git = Git.open(tree.toFile())) {
      write("src/Parser.java", "class Parser { int parseHexadecimal(String s) { return 0; } }\n");
      write("src/Lexer.java", "class Lexer { }\n");
      Files.delete(tree.resolve("README.md"));
      git.add().addFilepattern(".").call();
      git.rm().addFilepattern("README.md").call();
      git.commit().setMessage("second").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();
      ScanCache cache = new ScanCache(2);
      RepoScan atSecond = cache.scan(tree);
      assertThat(atSecond.files()).extracting(SourceFile::path).containsExactly("src/Lexer.java", "src/Parser.java", "src/Printer.java");

      git.checkout().setName(first.getName()).call();
      RepoScan atFirst = cache.scan(tree);

      assertThat(atFirst.commit()).isEqualTo(first.getName());
      assertThat(atFirst.filesRead()).isEqualTo(2); // Parser.java changed back, README.md came back; Printer.java kept
      assertThat(atFirst.files()).extracting(SourceFile::path).containsExactly("README.md", "src/Parser.java", "src/Printer.java");
      assertThat(FileRanking.rankPaths(atFirst, "Lexer", "", FileRanking.Options.DEFAULT)).doesNotContain("src/Lexer.java");
    }
  }

  @Test
  void aTreeOutsideGitIsReadByTimeAndSizeAndBinaryFilesAreLeftOut() throws Exception {
    write("a.py", "def alpha():\n    pass\n");
    Files.write(tree.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
    write("node_modules/dep/index.js", "module.exports = 1;\n");
    ScanCache cache = new ScanCache(2);
    RepoScan first = cache.scan(tree);
    assertThat(first.commit()).isNull();
    assertThat(first.files()).extracting(SourceFile::path).containsExactly("a.py");
    write("b.py", "def beta():\n    pass\n");
    RepoScan second = cache.scan(tree);
    assertThat(second.filesRead()).isEqualTo(1);
    assertThat(second.files()).extracting(SourceFile::path).containsExactly("a.py", "b.py");
  }

  @Test
  void theLeastRecentlyUsedTreeIsDroppedBeyondTheLimit(@TempDir Path other, @TempDir Path third) throws Exception {
    write("a.py", "def alpha():\n    pass\n");
    Files.writeString(other.resolve("b.py"), "def beta():\n    pass\n");
    Files.writeString(third.resolve("c.py"), "def gamma():\n    pass\n");
    ScanCache cache = new ScanCache(2);
    RepoScan first = cache.scan(tree);
    cache.scan(other);
    cache.scan(third);
    RepoScan again = cache.scan(tree);
    assertThat(again).isNotSameAs(first);
    assertThat(again.filesRead()).isEqualTo(1);
    assertThat(FileRanking.rankPaths(first, "alpha", "", FileRanking.Options.DEFAULT)).containsExactly("a.py");
  }

  private RevCommit commitThreeFiles() throws Exception {
    try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
      write("src/Parser.java", "class Parser { int parseDecimal(String s) { return Integer.parseInt(s); } }\n");
      write("src/Printer.java", "class Printer { String print(int n) { return String.valueOf(n); } }\n");
      write("README.md", "# parser\nParses and prints numbers.\n");
      git.add().addFilepattern(".").call();
      return git.commit().setMessage("first").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").call();
    }
  }

  private void write(String path, String text) throws Exception {
    Path p = tree.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    // Written a minute ago: git's index then records the file as certainly clean, not "racily" so.
    Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
  }
}
