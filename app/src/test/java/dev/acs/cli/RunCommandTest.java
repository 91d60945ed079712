package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.config.Env;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code acs run} on real local git checkouts (JGit), with a scripted model (replay), the real
 * guardrails, PMD and a real test command run through {@code sh -c}.
 */
@Timeout(120)
class RunCommandTest {
  static final String GREETER = "src/main/java/demo/Greeter.java";
  static final String GREETER_TEXT =
      "package demo;\n\npublic class Greeter {\n  public String greet(String name) {\n    return \"Hello \" + name;\n  }\n}\n";
  /** The "tests": pass when the greeting has a comma. */
  static final String TEST_CMD = "grep -q 'Hello, ' " + GREETER + " || { echo 'GreeterTest.greets FAILED: expected a comma'; exit 1; }";

  @TempDir Path tmp;
  Path repo;
  Path taskFile;

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("greeter");
    Files.createDirectories(repo.resolve("src/main/java/demo"));
    Files.writeString(repo.resolve(GREETER), GREETER_TEXT);
    Files.writeString(repo.resolve("README.md"), "# greeter\n");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      PersonIdent me = new PersonIdent("Dev", "dev@example.com");
      git.commit().setMessage("initial").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    taskFile = tmp.resolve("task.md");
    Files.writeString(taskFile, "# Greet politely\n\nPut a comma after Hello.\n");
  }

  record Run(int exit, String out, String err) {}

  Run run(Env env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(env));
    cli.setExecutionExceptionHandler(new ClearErrors());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Run run(String... args) {
    return run(new Env(Map.of()), args);
  }

  Path script(String json) throws Exception {
    Path p = tmp.resolve("script-" + System.nanoTime() + ".json");
    Files.writeString(p, json);
    return p;
  }

  static final String PLAN = """
      {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Greet politely",
        "steps": ["Add a comma to the greeting"], "files": ["src/main/java/demo/Greeter.java"],
        "risks": ["Callers may compare the text"], "verification": "the tests"}}]}""";

  static String edit(String search, String replace) {
    return "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"edit_file\", \"arguments\": {\"path\": \"" + GREETER
        + "\", \"search\": \"" + search.replace("\"", "\\\"") + "\", \"replace\": \"" + replace.replace("\"", "\\\"") + "\"}}]}";
  }

  static String finish(String summary) {
    return "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"finish\", \"arguments\": {\"summary\": \"" + summary + "\"}}]}";
  }

  static String script(String... entries) {
    return "{\"entries\": [" + String.join(",\n", entries) + "]}";
  }

  List<RevCommit> acsCommits() throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      List<RevCommit> out = new ArrayList<>();
      for (RevCommit c : git.log().call()) {
        if (c.getFullMessage().contains("Acs-Task: ")) {
          out.add(0, c);
        }
      }
      return out;
    }
  }

  String currentBranch() throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      return git.getRepository().getBranch();
    }
  }

  boolean clean() throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      return git.status().call().isClean();
    }
  }

  @Test
  void failingTestsGoBackToTheModelUntilTheyPass() throws Exception {
    // Round 1: a change without the comma; the model finishes twice despite failing checks.
    // Round 2: it gets the failure excerpt and fixes it.
    Path replay = script(script(
        PLAN,
        edit("return \"Hello \" + name;", "return \"Hello \" + name + \"!\";"),
        finish("Added an exclamation mark"),
        finish("Added an exclamation mark"),
        edit("return \"Hello \" + name + \"!\";", "return \"Hello, \" + name + \"!\";"),
        finish("Added the comma")));

    Run r = run("--repo", repo.toString(), "--task", taskFile.toString(), "--model", "replay:" + replay, "--test-cmd", TEST_CMD,
        "--max-attempts", "3");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("### ACS plan").contains("- [ ] Add a comma to the greeting")
        .contains("Policy on the plan: ✅ allowed")
        .contains("Policy before committing: ✅ allowed")
        .contains("PMD: no new findings in 1 changed Java file(s)")
        .contains("Tests fail").contains("GreeterTest.greets FAILED")
        .contains("== Round 2 of 3: fixing the failing tests")
        .contains("Tests pass")
        .contains("Done: committed, and the tests pass.");
    assertThat(currentBranch()).isEqualTo("acs/local-greet-politely");
    assertThat(Files.readString(repo.resolve(GREETER))).contains("return \"Hello, \" + name + \"!\";");
    List<RevCommit> commits = acsCommits();
    assertThat(commits).hasSize(2);
    assertThat(commits.get(0).getShortMessage()).isEqualTo("Greet politely");
    assertThat(commits.get(1).getFullMessage()).contains("Added the comma");
    assertThat(clean()).isTrue();
    try (Stream<Path> transcripts = Files.list(repo.resolve(".git/acs/transcripts"))) {
      assertThat(transcripts).singleElement().satisfies(p -> assertThat(Files.readString(p)).contains("acs-transcript/1"));
    }
  }

  @Test
  void testsThatStillFailAfterTheLastRoundEndTheRunWithExit1() throws Exception {
    Path replay = script(script(PLAN, edit("return \"Hello \" + name;", "return \"Hi \" + name;"), finish("Hi"), finish("Hi")));

    Run r = run("--repo", repo.toString(), "--task", taskFile.toString(), "--model", "replay:" + replay, "--test-cmd", TEST_CMD,
        "--max-attempts", "1");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("Failed: the tests still fail after 1 round(s).");
    assertThat(acsCommits()).hasSize(1); // the change is committed on the branch, for the person to look at
  }

  @Test
  void withoutATestCommandTheChangeIsCommittedOnce() throws Exception {
    Path replay = script(script(PLAN, edit("return \"Hello \" + name;", "return \"Hello, \" + name;"), finish("Comma added")));

    Run r = run("--repo", repo.toString(), "--task", taskFile.toString(), "--model", "replay:" + replay);

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("no test command was given");
    assertThat(acsCommits()).singleElement().satisfies(c -> assertThat(c.getAuthorIdent().getName()).isEqualTo("acs[bot]"));
  }

  @Test
  void aChangeThePolicyDeniesIsNotCommitted() throws Exception {
    Path replay = script(script(PLAN,
        "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"create_file\", \"arguments\": {\"path\": \"id_rsa\", \"content\": \"not a key\"}}]}",
        finish("Added a key")));

    Run r = run("--repo", repo.toString(), "--task", taskFile.toString(), "--model", "replay:" + replay);

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("Policy before committing: ⛔ denied").contains("secret-like file")
        .contains("Blocked by policy: the policy denied the change; it is left uncommitted");
    assertThat(acsCommits()).isEmpty();
    assertThat(repo.resolve("id_rsa")).exists();
  }

  @Test
  void theRepositorysOwnSettingsGiveTheTestCommand() throws Exception {
    Files.createDirectories(repo.resolve(".github"));
    Files.writeString(repo.resolve(".github/acs.yml"), "test_command: \"" + TEST_CMD.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
    try (Git git = Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("acs settings").setSign(false).call();
    }
    Path replay = script(script(PLAN, edit("return \"Hello \" + name;", "return \"Hello, \" + name;"), finish("Comma added")));

    Run r = run("--repo", repo.toString(), "--task", taskFile.toString(), "--model", "replay:" + replay);

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    // The model's check ran the file's command on the final change, so it is not run again.
    assertThat(r.out()).contains("Tests pass: the model's last check ran them on exactly this change");
  }

  /** The first round adds an unused local variable (a new PMD finding) with the comma. */
  static final String WITH_UNUSED = edit("return \"Hello \" + name;", "String trimmed = name.trim();\\n    return \"Hello, \" + name;");

  static Stream<Arguments> findingsAnswers() {
    return Stream.of(
        Arguments.of("fixes them", edit("String trimmed = name.trim();\\n    ", "") + ",\n" + finish("Removed the unused variable"),
            0, "PMD: no new findings in 1 changed Java file(s)", "Done: committed", false),
        Arguments.of("leaves them", finish("The variable is harmless"),
            0, "PMD: 1 new finding(s)", "Done: committed", true),
        Arguments.of("gives up", "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"finish\", \"arguments\": "
            + "{\"summary\": \"Cannot fix PMD\", \"outcome\": \"gave_up\"}}]}",
            1, "back to the model once", "Failed: ACS stopped: the model gave up: Cannot fix PMD", null));
  }

  @ParameterizedTest(name = "the model {0}")
  @MethodSource("findingsAnswers")
  void newPmdFindingsGoBackToTheModelOnce(String answer, String entries, int exit, String validation, String end, Boolean unusedCommitted)
      throws Exception {
    Path replay = script(script(PLAN, WITH_UNUSED, finish("Comma added"), entries));

    Run r = run("--repo", repo.toString(), "--task", taskFile.toString(), "--model", "replay:" + replay, "--test-cmd", TEST_CMD);

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(exit);
    assertThat(r.out()).contains("PMD: 1 new finding(s); back to the model once").contains("UnusedLocalVariable")
        .contains(validation).contains(end);
    if (unusedCommitted == null) {
      assertThat(acsCommits()).isEmpty();
    } else {
      assertThat(acsCommits()).singleElement();
      assertThat(Files.readString(repo.resolve(GREETER))).contains("return \"Hello, \" + name;")
          .satisfies(text -> assertThat(text.contains("String trimmed")).isEqualTo(unusedCommitted));
    }
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of("no model", "no model configured: pass --model"),
        Arguments.of("not a git repository", "is not a git repository"),
        Arguments.of("dirty working tree", "has uncommitted changes; commit or stash them first"),
        Arguments.of("missing task file", "does not exist"),
        Arguments.of("empty task file", "is empty"),
        Arguments.of("missing replay file", "replay file"),
        Arguments.of("bad attempts", "--max-attempts must be between 1 and 20"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void usageErrorsAreOneClearLineAndExit2(String problem, String message) throws Exception {
    Path replay = script(script(PLAN, finish("x")));
    String dir = repo.toString();
    String task = taskFile.toString();
    List<String> extra = new ArrayList<>(List.of("--model", "replay:" + replay));
    switch (problem) {
      case "no model" -> extra.clear();
      case "not a git repository" -> {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        dir = plain.toString();
      }
      case "dirty working tree" -> Files.writeString(repo.resolve("README.md"), "# changed\n");
      case "missing task file" -> task = tmp.resolve("nope.md").toString();
      case "empty task file" -> Files.writeString(taskFile, "  \n");
      case "missing replay file" -> extra = List.of("--model", "replay:" + tmp.resolve("nope.json"));
      case "bad attempts" -> extra.addAll(List.of("--max-attempts", "0"));
      default -> throw new IllegalArgumentException(problem);
    }
    List<String> args = new ArrayList<>(List.of("--repo", dir, "--task", task));
    args.addAll(extra);

    Run r = run(args.toArray(String[]::new));

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("acs: ").contains(message).doesNotContain("\tat ");
    assertThat(currentBranch()).isEqualTo("main");
    assertThat(acsCommits()).isEmpty();
  }

  @Test
  void theMainCommandLineKnowsRun() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("--repo=DIR").contains("--task=FILE").contains("--test-cmd=CMD").contains("--max-attempts=N");
  }
}
