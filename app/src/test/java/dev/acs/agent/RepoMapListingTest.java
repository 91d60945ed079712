package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.context.ScanCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map lists the tree from the cached scan's walk: binary files, links and vendored files as
 * paths, build output, installed dependencies and git's files not at all, as its own listing did.
 */
class RepoMapListingTest {
  @TempDir Path root;

  @AfterEach
  void forget() {
    ScanCache.shared().forget(root);
  }

  @Test
  void theMapListsWhatItsOwnWalkListedAndSeesANewVendoredFile() throws Exception {
    write("src/main/java/com/acme/Stock.java", "package com.acme; public class Stock { int reserve(int n) { return n; } }\n");
    write("README.md", "# acme\nStock reservations.\n");
    Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
    write("vendor/lib/stock.go", "package lib\nfunc Reserve() {}\n");
    write("dist/app.min.js", "function r(){}\n");
    write("target/classes/Junk.java", "class Junk {}\n");
    write("node_modules/dep/index.js", "module.exports = 1;\n");
    write(".mvn/wrapper/maven-wrapper.properties", "distributionUrl=x\n");
    write(".git/HEAD", "ref: refs/heads/main\n");
    write("sub/.git", "gitdir: ../.git/worktrees/sub\n");
    Files.createSymbolicLink(root.resolve("notes.md"), root.resolve("README.md"));

    RepoMap map = RepoMap.scan(root);

    assertThat(map.fileCount()).isEqualTo(6);
    assertThat(map.rankedPaths("Stock reserve")).containsExactlyInAnyOrder(
        "src/main/java/com/acme/Stock.java", "README.md", "logo.png", "vendor/lib/stock.go", "dist/app.min.js", "notes.md");
    assertThat(map.render("Stock reserve", 10_000)).startsWith("Repository map: 6 files");

    write("vendor/lib/more.go", "package lib\n");
    assertThat(RepoMap.scan(root).rankedPaths("Stock reserve")).contains("vendor/lib/more.go").hasSize(7);
  }

  private void write(String path, String text) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
