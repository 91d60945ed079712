package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seeds are bounded: the least recently used repository's goes first, and gives its reader back. */
class ScanSeedsTest {
  @Test
  void keepsTheLatestScanOfAtMostSoManyRepositories() {
    ScanSeeds seeds = new ScanSeeds(2);
    RepoScan a = scanOf("a.py", "def alpha(): pass\n");
    RepoScan b = scanOf("b.py", "def beta(): pass\n");
    RepoScan c = scanOf("c.py", "def gamma(): pass\n");
    int refsOfA = a.reader().getRefCount();

    seeds.offer("origin a", Map.of("a.py", held(a, "a.py")), a);
    assertThat(a.reader().getRefCount()).isEqualTo(refsOfA + 1);
    seeds.offer("origin b", Map.of("b.py", held(b, "b.py"), "notes.txt", new ScanSeeds.Held("stat 3 7", null, null)), b);
    seeds.offer("origin c", Map.of("c.py", held(c, "c.py")), c);

    assertThat(seeds.size()).isEqualTo(2);
    assertThat(seeds.take("origin a")).isNull();
    assertThat(a.reader().getRefCount()).isEqualTo(refsOfA);
    ScanSeeds.Seed seedOfB = seeds.take("origin b");
    // Only what git vouches for (a blob) is offered to other trees.
    assertThat(seedOfB.blobs()).containsOnlyKeys("b.py");
    ScanSeeds.release(seedOfB);
  }

  private static RepoScan scanOf(String path, String text) {
    return RepoScan.of(List.of(new SourceFile(path, text)));
  }

  private static ScanSeeds.Held held(RepoScan scan, String path) {
    return new ScanSeeds.Held("blob 0123", scan.file(path), scan.facts(path));
  }
}
