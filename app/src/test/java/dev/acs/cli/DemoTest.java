package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.workspace.LocalRemotes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acs demo} end to end: offline, real pipeline, and it leaves what it says it leaves. */
class DemoTest {
  @TempDir Path tmp;

  @Test
  void theWalkThroughShowsEachStepAndLeavesTheRepositoryToInspect() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Path dir = tmp.resolve("demo");

    int exit = new Demo(dir, new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();

    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out)
        .contains("#1 \"Greet people politely\"")
        .contains("### ACS plan").contains("Greet a missing name as stranger")
        .contains("draft pull request #2").contains("Closes #1")
        .contains("check run \"ACS\"")
        // The stand-in CI really ran the sample's tests and ACS's log reading found the failure.
        .contains("Tests run: 3, Failures: 1")
        .contains("demo.GreeterTest#greetsStrangers")
        .contains("Repair attempt 1").contains("repair commit").contains("the tests pass")
        .contains("ready for review")
        .contains("`push` denied").contains("secret-like file")
        .contains("== Summary");
    Path bare = dir.resolve("github/acs-demo/greeter.git");
    assertThat(LocalRemotes.branches(bare)).containsExactly("acs/1-greet-people-politely", "main");
    assertThat(LocalRemotes.log(bare, "acs/1-greet-people-politely", 5)).hasSize(3).first()
        .satisfies(c -> assertThat(c.author()).isEqualTo("acs[bot]"));
    assertThat(dir.resolve("greeter/src/main/java/demo/Greeter.java")).content().contains("name == null ? \"stranger\"");
    assertThat(dir.resolve("transcripts")).isNotEmptyDirectory();
  }

  @Test
  void theFirstHourRoughEdgesAreGone() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Path dir = tmp.resolve("demo");

    new Demo(dir, new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();

    String out = buffer.toString(StandardCharsets.UTF_8);
    String plan = out.substring(out.indexOf("== 2."), out.indexOf("== 3."));
    assertThat(plan).as("the plan as posted, before the work").doesNotContain("Implemented").doesNotContain("- [x]").contains("- [ ] ");
    String pullRequest = out.substring(out.indexOf("== 3."), out.indexOf("== 4."));
    assertThat(pullRequest).as("the whole PR body").contains("## Validation").doesNotContain("more lines)")
        .contains("ACS's own check").contains("now ends: ⏳ **Now:** waiting for CI and reviews on #2");
    assertThat(out).doesNotContain("== end of log ==").doesNotContain("WARNING:");
    try (var files = java.nio.file.Files.list(dir.resolve("transcripts"))) {
      List<Path> transcripts = files.toList();
      assertThat(transcripts).as("one file per run, none empty").allSatisfy(f -> assertThat(java.nio.file.Files.readString(f)).contains("\"type\""));
      assertThat(transcripts.stream().map(f -> { try { return java.nio.file.Files.readString(f); } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }).distinct())
          .as("no two transcripts alike").hasSameSizeAs(transcripts);
    }
  }
}
