package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfinedFilesTest {

  @TempDir Path tmp;
  Path tree;
  Path outside;
  ConfinedFiles files;

  @BeforeEach
  void setUp() throws IOException {
    tree = Files.createDirectories(tmp.resolve("tree"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.createDirectories(tree.resolve("src"));
    Files.writeString(tree.resolve("src/A.java"), "class A {}\n");
    Files.createDirectories(tree.resolve(".git"));
    Files.writeString(tree.resolve(".git/config"), "[core]\n");
    files = new ConfinedFiles(tree);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "src/A.java        | src/A.java",
        "./src//A.java     | src/A.java",
        "src/./A.java/     | src/A.java",
        "'  src/A.java  '  | src/A.java",
        ".                 | ''",
        ".gitignore        | .gitignore",
        "docs/.github/x.yml| docs/.github/x.yml",
        "git/x             | git/x",
      })
  void acceptsAndNormalises(String path, String expected) throws Exception {
    assertThat(ConfinedFiles.normalize(path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "../outside/secret.txt",
        "src/../../outside/secret.txt",
        "src/..",
        "..",
        "/etc/passwd",
        "~/x",
        "C:/Windows/x",
        "c:x",
        "src\\A.java",
        "..\\x",
        ".git/config",
        ".GIT/config",
        ".Git",
        "sub/.git",
        "sub/.git/HEAD",
        ".git./config",
        ".git /config",
        "GIT~1/config",
        ".g\u200Cit/config",
        "\uFEFF.git/config",
        "src/A\u0000.java",
        "src/\nA.java",
      })
  void rejectsEscapesAndGitPaths(String path) {
    assertThatThrownBy(() -> ConfinedFiles.normalize(path)).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.readString(path)).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.writeString(path, "x")).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.delete(path)).isInstanceOf(ConfinedFiles.Rejected.class);
  }

  @Test
  void readsAndWritesInsideTheTree() throws Exception {
    assertThat(files.readString("src/A.java")).isEqualTo("class A {}\n");
    files.writeString("src/new/deep/B.java", "class B {}\n");
    assertThat(Files.readString(tree.resolve("src/new/deep/B.java"))).isEqualTo("class B {}\n");
    files.delete("src/new/deep/B.java");
    assertThat(tree.resolve("src/new/deep/B.java")).doesNotExist();
    assertThatThrownBy(() -> files.readString("src/missing.java")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void symlinkedFilePointingOutIsRefused() throws Exception {
    Files.createSymbolicLink(tree.resolve("leak.txt"), outside.resolve("secret.txt"));
    assertThatThrownBy(() -> files.readString("leak.txt"))
        .isInstanceOf(ConfinedFiles.Rejected.class)
        .hasMessageContaining("out of the repository");
    assertThatThrownBy(() -> files.writeString("leak.txt", "overwritten"))
        .isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.delete("leak.txt")).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
  }

  @Test
  void symlinkedFolderPointingOutIsRefusedForReadAndWrite() throws Exception {
    Files.createSymbolicLink(tree.resolve("lib"), outside);
    assertThatThrownBy(() -> files.readString("lib/secret.txt")).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.writeString("lib/planted.txt", "x")).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.writeString("lib/new/planted.txt", "x")).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.listFiles("lib", 10)).isInstanceOf(ConfinedFiles.Rejected.class);
    assertThat(outside.resolve("planted.txt")).doesNotExist();
    assertThat(outside.resolve("new")).doesNotExist();
  }

  @Test
  void symlinkIntoGitIsRefused() throws Exception {
    Files.createSymbolicLink(tree.resolve("cfg"), tree.resolve(".git/config"));
    Files.createSymbolicLink(tree.resolve("meta"), tree.resolve(".git"));
    assertThatThrownBy(() -> files.readString("cfg")).hasMessageContaining("into .git");
    assertThatThrownBy(() -> files.writeString("cfg", "[core]\nfsmonitor = evil\n"))
        .isInstanceOf(ConfinedFiles.Rejected.class);
    assertThatThrownBy(() -> files.writeString("meta/hooks/pre-commit", "evil"))
        .isInstanceOf(ConfinedFiles.Rejected.class);
    assertThat(Files.readString(tree.resolve(".git/config"))).isEqualTo("[core]\n");
    assertThat(tree.resolve(".git/hooks")).doesNotExist();
  }

  @Test
  void symlinkStayingInsideMayBeReadButNotWrittenThrough() throws Exception {
    Files.createSymbolicLink(tree.resolve("alias.java"), tree.resolve("src/A.java"));
    assertThat(files.readString("alias.java")).isEqualTo("class A {}\n");
    assertThatThrownBy(() -> files.writeString("alias.java", "x")).hasMessageContaining("symbolic link");
  }

  @Test
  void rootGivenThroughASymlinkStillConfines() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("tree-link"), tree);
    ConfinedFiles viaLink = new ConfinedFiles(link);
    assertThat(viaLink.readString("src/A.java")).isEqualTo("class A {}\n");
    assertThatThrownBy(() -> viaLink.readString("../outside/secret.txt")).isInstanceOf(ConfinedFiles.Rejected.class);
  }

  @Test
  void listingSkipsGitFoldersAndGitFilesOfWorktrees() throws Exception {
    Files.createDirectories(tree.resolve("sub"));
    Files.writeString(tree.resolve("sub/.git"), "gitdir: ../.git/worktrees/sub\n");
    Files.writeString(tree.resolve("sub/Readme.md"), "hi\n");
    Files.createDirectories(tree.resolve("mod/.GIT"));
    Files.writeString(tree.resolve("mod/.GIT/HEAD"), "ref\n");
    assertThat(files.listFiles("", 100)).containsExactly("src/A.java", "sub/Readme.md");
    assertThat(files.listFiles("", 1)).containsExactly("src/A.java");
  }

  @Test
  void refusesBinaryAndNonUtf8Files() throws Exception {
    Files.write(tree.resolve("img.bin"), new byte[] {1, 0, 2});
    Files.write(tree.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> files.readString("img.bin")).hasMessageContaining("binary");
    assertThatThrownBy(() -> files.readString("latin1.txt")).hasMessageContaining("not UTF-8");
  }
}
