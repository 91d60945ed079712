package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help a new operator reads first: whole sentences in the command list, a version that says what was built. */
class HelpTextTest {
  private static List<CommandLine> allCommands(CommandLine cli) {
    List<CommandLine> all = new ArrayList<>();
    all.add(cli);
    cli.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(allCommands(sub)));
    return all;
  }

  @Test
  void everyCommandOpensWithOneShortSentence() {
    for (CommandLine cli : allCommands(Main.commandLine())) {
      String[] description = cli.getCommandSpec().usageMessage().description();
      String name = cli.getCommandSpec().qualifiedName();
      assertThat(description).as(name).isNotEmpty();
      assertThat(description[0]).as(name + ": the line the command list shows").hasSizeLessThanOrEqualTo(80).endsWith(".");
      for (String paragraph : description) {
        // picocli starts a new line for each element: one that stops mid-sentence reads as cut.
        assertThat(paragraph.replace("%n", "").strip()).as(name + ": a description line picocli prints on its own").matches("(?s).*[.)\"]|");
      }
    }
  }

  @Test
  void theCommandListShowsWholeSentences() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.execute("--help");

    String list = out.toString().substring(out.toString().indexOf("Commands:"));
    assertThat(list).contains("  serve            Run the GitHub App (webhooks, jobs, health and metrics).\n")
        .doesNotContain(",\n");
  }

  @Test
  void everyCommandPrintsTheVersion() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.execute("run", "--version");
    assertThat(out.toString()).startsWith("acs ");
  }

  @Test
  void versionNamesTheCommitAndBuildTime() throws Exception {
    String built = Version.describe(new ByteArrayInputStream(
        "version=1.2.3\ncommit=0123abc\nbuilt=2026-01-02T03:04:05Z\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(built).isEqualTo("acs 1.2.3 (commit 0123abc, built 2026-01-02T03:04:05Z)");
    assertThat(Version.describe(null)).startsWith("acs dev");
    // The build wrote build.properties before the tests (process-resources).
    assertThat(new Version().getVersion()[0]).matches("acs \\S+ \\(commit ([0-9a-f]{40}(-dirty)?|unknown), built \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\\)");
  }
}
