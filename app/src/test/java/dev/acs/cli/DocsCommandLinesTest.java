package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code acs ...} command line in the README and docs/ (code blocks and inline code) parses
 * with the CLI as it is: no unknown command, option or bad value. Lines are parsed by picocli
 * without running; optional parts in brackets count as written. A fragment that leaves out a
 * required option (`acs run --test-cmd`) is fine: it names an option, not a whole call.
 */
class DocsCommandLinesTest {
  static final Path ROOT = Path.of(System.getProperty("acs.root.dir", ".."));

  /** {@code java -jar …acs.jar ARGS} or {@code acs ARGS}, up to the end of the line or inline code. */
  private static final Pattern COMMAND = Pattern.compile(
      "(?:java\\s+(?:-\\S+\\s+)*-jar\\s+\\S*acs\\.jar|(?<![\\w./$-])acs)((?:\\s+[^\\s`]+)*)");

  record Line(String file, String text) {}

  static List<Line> commandLines() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<Line> out = new ArrayList<>();
    for (Path page : pages) {
      String text = Files.readString(page, StandardCharsets.UTF_8).replace("\\\n", " ");
      boolean inBlock = false;
      for (String line : text.split("\n")) {
        if (line.strip().startsWith("```")) {
          inBlock = !inBlock;
          continue;
        }
        List<String> places = new ArrayList<>();
        if (inBlock) {
          places.add(line);
        } else {
          Matcher code = Pattern.compile("`([^`]+)`").matcher(line.replace("\\|", "\u0001"));
          while (code.find()) {
            places.add(code.group(1).replace("\u0001", "|"));
          }
        }
        for (String place : places) {
          Matcher m = COMMAND.matcher(place);
          if (m.find() && (inBlock ? startsACommand(place.substring(0, m.start())) : m.start() == 0)) {
            out.add(new Line(page.getFileName().toString(), cut(m.group(1))));
          }
        }
      }
    }
    return out;
  }

  /** True when what precedes is a prompt, variable assignments, or the end of another command. */
  private static boolean startsACommand(String before) {
    return before.matches("\\s*(\\$\\s*)?([A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)*") || before.matches(".*(&&|;|\\|\\||\\$\\()\\s*");
  }

  /** The arguments up to a pipe, redirect, comment, `&&` or `;`; brackets and ellipses off. */
  static String cut(String args) {
    String s = args;
    for (String end : new String[] {" |", " &&", " ;", " #", " >", " 2>", ")"}) {
      int i = s.indexOf(end);
      if (i >= 0) {
        s = s.substring(0, i);
      }
    }
    return s.replace("[", " ").replace("]", " ").replace("...", " ").replace("…", " ").strip();
  }

  static List<String> tokens(String args) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(args);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return out;
  }

  /** Null when the line parses, else what picocli says is wrong. */
  static String problem(String args) {
    try {
      Main.commandLine().parseArgs(tokens(args).toArray(String[]::new));
      return null;
    } catch (CommandLine.MissingParameterException fragment) {
      return null;
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  @Test
  void everyCommandLineInTheDocsParses() throws IOException {
    List<Line> lines = commandLines();
    assertThat(lines).as("acs command lines found in README.md and docs/").hasSizeGreaterThan(30);
    List<String> wrong = new ArrayList<>();
    for (Line line : lines) {
      String why = problem(line.text());
      if (why != null) {
        wrong.add(line.file() + ": acs " + line.text() + " -> " + why);
      }
    }
    assertThat(wrong).as("command lines in the docs that the CLI rejects").isEmpty();
  }

  @Test
  void aWrongOptionOrCommandIsCaught() {
    assertThat(problem("replay TASK --repo DIR --test-cmd CMD")).isNull();
    assertThat(problem("run --test-cmd")).as("a fragment naming an option").isNull();
    assertThat(problem("replay TASK --repo DIR --tests CMD")).contains("--tests");
    assertThat(problem("serv")).contains("serv");
    assertThat(cut(" run --repo DIR --task task.md | tee log")).isEqualTo("run --repo DIR --task task.md");
    assertThat(tokens("setup --name \"ACS for us\"")).containsExactly("setup", "--name", "ACS for us");
  }

  @Test
  void theActionExampleIsLeastPrivilegePinnedAndSplicesNothingIntoScripts() throws IOException {
    String page = Files.readString(ROOT.resolve("docs/action.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```yaml\n(name: acs\n.*?)```", Pattern.DOTALL).matcher(page);
    assertThat(block.find()).as("the workflow example in docs/action.md").isTrue();
    JsonNode workflow = Json.YAML.readTree(block.group(1));

    assertThat(workflow.path("permissions").path("actions").asText()).as("workflow_run repairs read job logs").isEqualTo("read");
    for (JsonNode step : workflow.path("jobs").path("acs").path("steps")) {
      String uses = step.path("uses").asText("");
      if (!uses.isEmpty() && !uses.startsWith("OWNER/acs/")) {
        assertThat(uses).as("a third-party action pinned to a commit").matches(".+@[0-9a-f]{40}");
      }
      assertThat(step.path("run").asText("")).as("step outputs reach a script through env:, not ${{ }}").doesNotContain("${{");
    }
    Matcher uses = Pattern.compile("uses: (actions/[\\w-]+)@(\\S+)").matcher(page);
    while (uses.find()) {
      assertThat(uses.group(2)).as(uses.group(1) + " in docs/action.md").matches("[0-9a-f]{40}");
    }
  }
}
