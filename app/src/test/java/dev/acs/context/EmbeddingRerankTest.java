package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The re-ranking of the first files by a text embedder (here a deterministic one: counts of a few words). */
class EmbeddingRerankTest {
  /** Vectors of how often words of a few meanings occur (synonyms alike): texts about the same things point the same way. */
  static final TextEmbedder WORDS = texts -> {
    String[][] meanings = {{"theme", "look"}, {"color", "hue"}, {"border", "outline"}, {"card"}, {"fetch"}, {"token"}, {"retry"}};
    List<float[]> out = new ArrayList<>();
    for (String t : texts) {
      float[] v = new float[meanings.length];
      String lower = t.toLowerCase(Locale.ROOT);
      for (int i = 0; i < meanings.length; i++) {
        for (String word : meanings[i]) {
          v[i] += lower.split(word, -1).length - 1;
        }
      }
      out.add(v);
    }
    return out;
  };

  static final List<SourceFile> FILES = List.of(
      new SourceFile("src/cards/stats.js", "function renderStats(stats) { return card(stats, { hide: [] }); } // stats layout"),
      new SourceFile("src/common/themes.js", "const themes = { night: { color: '#fff', border: '#333' } }; // theme color border theme"),
      new SourceFile("src/fetchers/stats.js", "async function fetchStats(user, token) { return fetch(url, token); } // fetch retry token"));

  @Test
  void theFirstFilesAreReRankedByClosenessToTheIssue() {
    String title = "Stats layout ignores the look";
    String body = "With the night look the outline hue stays light.";
    RepoScan scan = RepoScan.of(FILES);
    List<String> plain = FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT);
    List<String> embedded = FileRanking.rankPaths(scan, title, body, FileRanking.Options.DEFAULT.withEmbeddings(WORDS, 5.0));
    assertThat(plain.get(0)).isEqualTo("src/cards/stats.js");
    assertThat(embedded.get(0)).isEqualTo("src/common/themes.js");
    assertThat(embedded).containsExactlyInAnyOrderElementsOf(plain);
  }

  @Test
  void anEmbedderThatGivesNothingLeavesTheRankingAsItWas() {
    TextEmbedder nothing = texts -> texts.stream().map(t -> new float[0]).toList();
    RepoScan scan = RepoScan.of(FILES);
    String title = "Stats layout ignores the theme";
    assertThat(FileRanking.rankPaths(scan, title, "", FileRanking.Options.DEFAULT.withEmbeddings(nothing, 5.0)))
        .isEqualTo(FileRanking.rankPaths(scan, title, "", FileRanking.Options.DEFAULT));
  }

  @Test
  void filesBeyondTheReRankedOnesStayBelowThem() {
    List<SourceFile> many = new ArrayList<>(FILES);
    for (int i = 0; i < FileRanking.EMBEDDED + 5; i++) {
      many.add(new SourceFile("src/extra/file" + i + ".js", "const stats" + i + " = 1; // theme color border theme color border"));
    }
    RepoScan scan = RepoScan.of(many);
    List<FileRanking.Scored> plain = FileRanking.rank(scan, "stats", "", FileRanking.Options.DEFAULT);
    List<FileRanking.Scored> embedded = FileRanking.rank(scan, "stats", "", FileRanking.Options.DEFAULT.withEmbeddings(WORDS, 5.0));
    List<String> head = plain.subList(0, FileRanking.EMBEDDED).stream().map(FileRanking.Scored::path).toList();
    assertThat(embedded.subList(0, FileRanking.EMBEDDED)).extracting(FileRanking.Scored::path).containsExactlyInAnyOrderElementsOf(head);
    assertThat(embedded.subList(FileRanking.EMBEDDED, embedded.size())).extracting(FileRanking.Scored::path)
        .containsExactlyElementsOf(plain.subList(FileRanking.EMBEDDED, plain.size()).stream().map(FileRanking.Scored::path).toList());
  }
}
