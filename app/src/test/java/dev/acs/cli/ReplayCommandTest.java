package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code acs replay}: a recorded conversation played on a real local checkout. */
class ReplayCommandTest {
  @TempDir Path tmp;
  Path checkout;
  Path transcripts;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    checkout = tmp.resolve("greeter");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(checkout.toFile()).call()) {
      for (Map.Entry<String, String> f : DemoSample.files().entrySet()) {
        Path p = checkout.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent me = new PersonIdent("Me", "me@example.com");
      git.commit().setMessage("sample").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    transcripts = tmp.resolve("transcripts");
    Files.createDirectories(transcripts);
  }

  Path recorded(String name) throws Exception {
    Path file = transcripts.resolve(name);
    try (InputStream in = Demo.class.getResourceAsStream(Demo.SCRIPTS + "greet-politely.json")) {
      Files.copy(in, file);
    }
    return file;
  }

  int replay(String... args) {
    Env env = new Env(Map.of("ACS_TRANSCRIPT_DIR", transcripts.toString(), "ACS_WORK_DIR", tmp.resolve("work").toString()));
    CommandLine cli = new CommandLine(new ReplayCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8)));
    cli.setExecutionExceptionHandler(new ClearErrors());
    return cli.execute(args);
  }

  @Test
  void aTaskIdFindsItsNewestTranscriptAndTheTurnsAreReplayedOnTheCheckout() throws Exception {
    recorded("3f2a-task-20260101-100000.json");
    Path newest = recorded("3f2a-task-20260101-100500.json");
    Files.setLastModifiedTime(newest, Files.getLastModifiedTime(newest).from(Files.getLastModifiedTime(newest).toInstant().plusSeconds(60)));

    int exit = replay("3f2a-task", "--repo", checkout.toString(), "--branch", "acs/replay-1", "--test-command", "sh ci.sh || true");

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed).contains("replaying " + newest).contains("plan: Make greet() polite").contains("coder: FINISHED")
        .contains("2 file(s)").contains("modified src/main/java/demo/Greeter.java").contains("modified src/test/java/demo/GreeterTest.java");
    try (Git git = Git.open(checkout.toFile())) {
      assertThat(git.getRepository().getBranch()).isEqualTo("acs/replay-1");
      // One plain subject before it: the plain style (acs run's too), from the recorded task (the model gave no subject).
      assertThat(git.log().setMaxCount(1).call().iterator().next().getFullMessage())
          .startsWith("Replay acs demo: greet politely (scripted)\n\n")
          .contains("Replayed from the transcript of task acs demo: greet politely (scripted).");
    }
    assertThat(checkout.resolve("src/main/java/demo/Greeter.java")).content().contains("\"Hello, \" + name.strip()");
  }

  @Test
  void theReplayCommitsInTheRepositorysCommitStyleAsRunDoes() throws Exception {
    try (Git git = Git.open(checkout.toFile())) {
      PersonIdent me = new PersonIdent("Me", "me@example.com");
      for (String subject : java.util.List.of("feat(greeter): greet by name", "fix(greeter): trim the name", "docs: say how to greet",
          "test(greeter): cover an empty name", "chore: bump the build")) {
        git.commit().setMessage(subject).setAllowEmpty(true).setAuthor(me).setCommitter(me).setSign(false).call();
      }
    }
    recorded("5d4e-task-20260101-100000.json");

    int exit = replay("5d4e-task", "--repo", checkout.toString(), "--title", "Greet politely", "--test-command", "sh ci.sh || true");

    assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
    try (Git git = Git.open(checkout.toFile())) {
      String message = git.log().setMaxCount(1).call().iterator().next().getFullMessage();
      assertThat(message.lines().findFirst().orElseThrow()).matches("(feat|fix)(\\([a-z-]+\\))?: greet politely");
      assertThat(message).contains("Replayed from the transcript of task acs demo: greet politely (scripted).");
    }
  }

  @Test
  void withoutATranscriptFolderSetReplayReadsAndWritesWhereRunWrites() throws Exception {
    // acs run's place: the checkout's git folder (RunCommand.transcriptDir), never the working tree.
    Path runWrote = new RunCommand(new Env(Map.of())).transcriptDir(checkout);
    assertThat(runWrote).isEqualTo(checkout.resolve(".git/acs/transcripts"));
    Files.createDirectories(runWrote);
    try (InputStream in = Demo.class.getResourceAsStream(Demo.SCRIPTS + "greet-politely.json")) {
      Files.copy(in, runWrote.resolve("7b1c-task-20260101-100000.json"));
    }
    Env env = new Env(Map.of("ACS_WORK_DIR", tmp.resolve("work").toString()));
    CommandLine cli = new CommandLine(new ReplayCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8)));
    cli.setExecutionExceptionHandler(new ClearErrors());

    int exit = cli.execute("7b1c-task", "--repo", checkout.toString(), "--test-cmd", "sh ci.sh || true");

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed).contains("replaying " + runWrote.resolve("7b1c-task-20260101-100000.json"))
        .contains("this replay's transcript: " + runWrote);
    try (Git git = Git.open(checkout.toFile())) {
      assertThat(git.status().call().isClean()).as("the replay's transcript is not in the working tree").isTrue();
    }
  }

  @Test
  void aMissingTaskSaysWhereItLooked() {
    assertThatThrownBy(() -> ReplayCommand.transcriptFile("nope", transcripts)).isInstanceOf(UserError.class)
        .hasMessageContaining("no transcript of task nope").hasMessageContaining(transcripts.toString());
  }
}
