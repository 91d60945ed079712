package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which AGENTS.md applies where, and the caps. The files here are a map standing for a default
 * branch; {@code RepositoryInstructionsPipelineTest} (pipeline) reads them from real git repositories.
 */
class RepositoryInstructionsTest {

  static RepositoryInstructions.Source files(Map<String, String> files) {
    return new RepositoryInstructions.Source() {
      @Override
      public List<String> pathsNamed(String fileName) {
        return files.keySet().stream().filter(p -> p.equals(fileName) || p.endsWith("/" + fileName)).toList();
      }

      @Override
      public Optional<String> read(String path) {
        return Optional.ofNullable(files.get(path));
      }
    };
  }

  @Test
  void theRootFileAndTheSettingsAreGeneralTheNearestFileAppliesUnderItsFolder() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("AGENTS.md", "Run mvn -B verify.");
    f.put("api/AGENTS.md", "API handlers return problem+json.");
    f.put("api/v2/AGENTS.md", "v2 is frozen: no new fields.");
    RepositoryInstructions in = RepositoryInstructions.of(files(f), "Every change needs a test.");

    assertThat(in.general()).extracting(RepositoryInstructions.Piece::source).containsExactly(".github/acs.yml", "AGENTS.md");
    assertThat(in.nearest("README.md")).isEmpty(); // the root one was given already
    assertThat(in.nearest("api/v2/Routes.java")).get().satisfies(p -> {
      assertThat(p.source()).isEqualTo("api/v2/AGENTS.md");
      assertThat(p.text()).isEqualTo("v2 is frozen: no new fields.");
    });
    assertThat(in.nearest("api/v2/deep/Other.java")).isEmpty(); // once per run
    assertThat(in.nearest("api/Handler.java")).get().extracting(RepositoryInstructions.Piece::source).isEqualTo("api/AGENTS.md");
    assertThat(in.nearest("apiary/X.java")).isEmpty(); // a folder whose name merely starts alike is not under api/
    assertThat(in.given()).containsExactly(".github/acs.yml", "AGENTS.md", "api/v2/AGENTS.md", "api/AGENTS.md");
  }

  @Test
  void withoutARootFileTheNearestIsTheOnlyOne() {
    RepositoryInstructions in = RepositoryInstructions.of(files(Map.of("web/AGENTS.md", "Use pnpm.")), null);
    assertThat(in.general()).isEmpty();
    assertThat(in.nearest("server/Main.java")).isEmpty();
    assertThat(in.nearest("web/src/app.ts")).get().extracting(RepositoryInstructions.Piece::text).isEqualTo("Use pnpm.");
    assertThat(RepositoryInstructions.none().any()).isFalse();
  }

  @Test
  void aFileOverItsCapIsCutAtALineWithANote() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; big.length() < 20_000; i++) {
      big.append("Rule ").append(i).append(": keep the functions short and the names clear.\n");
    }
    RepositoryInstructions in = RepositoryInstructions.of(files(Map.of("AGENTS.md", big.toString())), null);
    RepositoryInstructions.Piece p = in.general().get(0);
    assertThat(p.cut()).isTrue();
    int noteAt = p.text().indexOf("\n[ACS: AGENTS.md is cut here");
    assertThat(noteAt).isPositive();
    String kept = p.text().substring(0, noteAt);
    assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(RepositoryInstructions.MAX_PIECE_BYTES);
    assertThat(big.toString()).startsWith(kept + "\n"); // whole lines only
    assertThat(p.text()).contains("ACS reads at most 8 KB of each instructions file");
  }

  @Test
  void theTotalIsCappedTooLaterFilesAreCutThenLeftOut() {
    String sevenK = "x".repeat(7000) + "\n";
    Map<String, String> f = new LinkedHashMap<>();
    f.put("AGENTS.md", sevenK);
    f.put("a/AGENTS.md", sevenK);
    f.put("b/AGENTS.md", sevenK);
    f.put("c/AGENTS.md", sevenK);
    RepositoryInstructions in = RepositoryInstructions.of(files(f), null);
    assertThat(in.general().get(0).cut()).isFalse();
    assertThat(in.nearest("a/x").orElseThrow().cut()).isFalse();
    RepositoryInstructions.Piece third = in.nearest("b/x").orElseThrow();
    assertThat(third.cut()).isTrue();
    assertThat(third.text()).contains("may fill at most 16 KB in one task");
    assertThat(in.nearest("c/x").orElseThrow().text()).startsWith("[ACS: c/AGENTS.md is not shown");
  }

  @Test
  void multiByteTextIsNeverCutInsideACharacter() {
    String cut = RepositoryInstructions.cutAtLine("ééé", 5);
    assertThat(cut).isEqualTo("éé");
  }
}
