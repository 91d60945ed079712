package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.config.Env;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code acs run} when the planner asks (issue 14): without a terminal (as under the test runner)
 * it prints the questions and the planner's assumptions, tells the planner to go on with them, and
 * the run carries on to a commit.
 */
@Timeout(120)
class RunQuestionsTest {
  @TempDir Path tmp;

  @Test
  void withoutATerminalThePlannerGoesOnWithItsStatedAssumptions() throws Exception {
    Path repo = tmp.resolve("greeter");
    Files.createDirectories(repo.resolve("src/main/java/demo"));
    Files.writeString(repo.resolve(RunCommandTest.GREETER), RunCommandTest.GREETER_TEXT);
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      PersonIdent me = new PersonIdent("Dev", "dev@example.com");
      git.commit().setMessage("initial").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    Path task = Files.writeString(tmp.resolve("task.md"), "# Greet politely\n\nMake the greeting nicer.\n");
    Path replay = Files.writeString(tmp.resolve("script.json"), RunCommandTest.script(
        "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"ask_question\", \"arguments\": {\"questions\": [\"Comma or exclamation mark?\"],"
            + " \"assumptions\": \"A comma after Hello\"}}]}",
        RunCommandTest.PLAN,
        RunCommandTest.edit("return \"Hello \" + name;", "return \"Hello, \" + name;"),
        RunCommandTest.finish("Added the comma")));

    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(new Env(Map.of())));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    int exit = cli.execute("--repo", repo.toString(), "--task", task.toString(), "--model", "replay:" + replay, "--test-cmd", RunCommandTest.TEST_CMD);

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("The planner asks:").contains("1. Comma or exclamation mark?")
        .contains("Without an answer it assumes: A comma after Hello").contains("No terminal to ask on: going on with those assumptions")
        .contains("### ACS plan");
  }
}
