package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoPathsTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      // relative paths stay
      "src/main/java/A.java | src/main/java/A.java",
      "./broken/broken.go | broken/broken.go",
      // GitHub-hosted runner workspaces (Linux, macOS, Windows, container jobs)
      "/home/runner/work/gson/gson/gson/src/main/java/A.java | gson/src/main/java/A.java",
      "/Users/runner/work/acs/acs/app/src/main/java/A.java | app/src/main/java/A.java",
      "D:\\a\\acs\\acs\\app\\src\\main\\java\\A.java | app/src/main/java/A.java",
      "/__w/acs/acs/src/test/java/ATest.java | src/test/java/ATest.java",
      // not a runner workspace: owner and repo differ
      "/home/runner/work/other/acs/src/main/java/A.java | src/main/java/A.java",
      // no root known: cut at the standard source root
      "/tmp/jc-1309/src/main/java/com/x/A.java | src/main/java/com/x/A.java",
      "/home/me/src/project/src/test/java/ATest.java | src/test/java/ATest.java",
      "/tmp/eco/js/src/legacy.js | src/legacy.js",
      "file:///tmp/p/src/main/kotlin/A.kt | src/main/kotlin/A.kt",
      // nothing to cut at: stays as printed
      "/opt/build/A.java | /opt/build/A.java",
  })
  void withoutACheckout(String printed, String expected) {
    assertThat(RepoPaths.unknownRoot().relativize(printed)).isEqualTo(expected);
  }

  @Test
  void knownRootIsStripped(@TempDir Path root) {
    assertThat(RepoPaths.under(root).relativize(root.resolve("lib/src/main/java/A.java").toString()))
        .isEqualTo("lib/src/main/java/A.java");
  }

  @Test
  void longestTailThatExistsInTheCheckoutKeepsTheModuleDirectory(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("gson/src/main/java"));
    Files.writeString(root.resolve("gson/src/main/java/A.java"), "");

    assertThat(RepoPaths.under(root).relativize("/elsewhere/gson-1093/gson/src/main/java/A.java"))
        .isEqualTo("gson/src/main/java/A.java");
    // A file that is not in the checkout falls back to the source-root rule.
    assertThat(RepoPaths.under(root).relativize("/elsewhere/other/src/main/java/B.java")).isEqualTo("src/main/java/B.java");
  }

  @Test
  void aTailWithDotDotCannotEscapeTheCheckout(@TempDir Path root) throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "");
    Path checkout = Files.createDirectories(root.resolve("checkout"));

    assertThat(RepoPaths.under(checkout).relativize("/x/../outside/secret.txt")).isEqualTo("/x/../outside/secret.txt");
  }
}
