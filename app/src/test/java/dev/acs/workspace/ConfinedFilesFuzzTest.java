package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model names any path: whatever it is, reading, resolving and writing stay inside the working
 * tree and outside {@code .git}, through links that point out, into .git or up the tree. The
 * tree has such links; a folder beside it stands for the rest of the machine and must never
 * change. Inputs are {@code path \0 content} (see {@link FuzzInput}).
 */
class ConfinedFilesFuzzTest {
  @TempDir static Path dir;
  private static Path root;
  private static Path outside;

  @BeforeAll
  static void tree() throws IOException {
    root = Files.createDirectories(dir.resolve("tree")).toRealPath();
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not for the model");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core]\n");
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/Main.java"), "class Main {}\n");
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("src/git"), root.resolve(".git"));
    Files.createSymbolicLink(root.resolve("src/up"), Path.of("../.."));
    Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret.txt"));
  }

  @FuzzTest
  void staysInsideTheTree(byte[] input) throws IOException {
    var f = FuzzInput.fields(input, 2);
    String path = f.get(0);
    ConfinedFiles files = new ConfinedFiles(root);
    try {
      String normal = ConfinedFiles.normalize(path);
      assertThat(normal).doesNotStartWith("/");
      for (String segment : normal.split("/")) {
        assertThat(segment).isNotEqualTo("..");
        assertThat(ConfinedFiles.isGitName(segment)).isFalse();
      }
    } catch (ConfinedFiles.Rejected refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
    try {
      assertInside(files.resolveExisting(path));
    } catch (IOException refusedOrMissing) {
      // Refused, missing or not readable: all fine, nothing was touched.
    }
    Path firstMissing = firstMissingFolder(path);
    try {
      files.writeString(path, f.get(1));
      Path written = files.resolveExisting(path);
      assertInside(written);
      assertThat(Files.readString(written, StandardCharsets.UTF_8)).isEqualTo(f.get(1));
      Files.delete(written);
    } catch (IOException refused) {
      // Refused: the checks below say that nothing escaped.
    } finally {
      removeFolders(firstMissing);
    }
    try (Stream<Path> left = Files.list(outside)) {
      assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("secret.txt");
    }
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("not for the model");
    assertThat(Files.readString(root.resolve(".git/config"))).isEqualTo("[core]\n");
    try (Stream<Path> git = Files.list(root.resolve(".git"))) {
      assertThat(git.count()).isEqualTo(1);
    }
  }

  /** The top folder that writing this path would create inside the tree, or null. */
  private static Path firstMissingFolder(String path) {
    try {
      String rel = ConfinedFiles.normalize(path);
      Path parent = root.resolve(rel).getParent();
      Path missing = null;
      for (Path p = parent; p != null && p.startsWith(root) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
        missing = p;
      }
      return missing;
    } catch (ConfinedFiles.Rejected | RuntimeException refused) {
      return null;
    }
  }

  // Folders a write made are removed again, so that a long run does not fill the disk with them.
  private static void removeFolders(Path top) throws IOException {
    if (top == null || !Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(top)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void assertInside(Path real) {
    assertThat(real).startsWith(root.toAbsolutePath());
    for (Path segment : root.relativize(real)) {
      assertThat(ConfinedFiles.isGitName(segment.toString())).as("under .git: %s", real).isFalse();
    }
  }
}
