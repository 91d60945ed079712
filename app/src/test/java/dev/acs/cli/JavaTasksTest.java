package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.checks.TestCommandRunner;
import dev.acs.config.Json;
import dev.acs.testing.GoldPatchEdits;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The real Java tasks of {@code ../shared/java-tasks/} through {@code acs run}: the repository at
 * the task's base commit (plus the environment adjustments its {@code verified_here} describes,
 * committed as a setup commit), the task's test patch committed as the failing tests, then local
 * mode with a {@code replay:} model that applies the gold patch through the edit tools, and the
 * task's own Maven command as {@code --test-cmd}. The failing tests must fail before and pass after.
 *
 * <p>Skipped unless {@code -Dacs.javatasks.<instance_id>=<local clone>}, e.g. {@code
 * -Dacs.javatasks.fasterxml__jackson-core-1309=/work/repos/jackson-core}. Needs Maven and a JDK
 * the old projects build with: {@code -Dacs.javatasks.jdk=<JAVA_HOME>} (default: a JDK 17 under
 * /usr/lib/jvm when there is one, else the JAVA_HOME Maven would find). See docs/usage.md.
 */
class JavaTasksTest {
  @TempDir Path tmp;

  static Path tasksDir() {
    return dev.acs.testing.SharedFolder.require("java-tasks");
  }

  static Stream<String> instances() throws Exception {
    try (Stream<Path> files = Files.list(tasksDir())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).map(n -> n.substring(0, n.length() - 5))
          .sorted().toList().stream();
    }
  }

  /**
   * The environment adjustments of each task's verified_here, in code. jackson-core: its parent
   * POM is a SNAPSHOT only in Sonatype's snapshot repository; the release resolves from Central.
   * gson: {@code -Djava.version=1.8} is already part of the recorded test command.
   */
  static final Map<String, Consumer<Path>> ADJUSTMENTS = Map.of(
      "fasterxml__jackson-core-1309", dir -> replaceInParent(dir.resolve("pom.xml"), "2.17.2-SNAPSHOT", "2.17.2"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("instances")
  void theGoldPatchThroughAcsRunMakesTheFailingTestsPass(String instance) throws Exception {
    String clone = System.getProperty("acs.javatasks." + instance);
    assumeTrue(clone != null && !clone.isBlank(), "set -Dacs.javatasks." + instance + "=<local clone> to run this task");
    Path taskJson = tasksDir().resolve(instance + ".json");
    JsonNode task = Json.MAPPER.readTree(taskJson.toFile());
    String base = task.path("base").path("sha").asText();
    String testCommand = jdkPrefix() + task.path("verified_here").path("test_command").asText();
    List<String> failToPass = new ArrayList<>();
    task.path("f2p_tests").fieldNames().forEachRemaining(failToPass::add); // test class → its results

    long t0 = System.nanoTime();
    Path repo = tmp.resolve(instance);
    checkout(Path.of(clone), base, repo);
    try (Git git = Git.open(repo.toFile())) {
      ADJUSTMENTS.getOrDefault(instance, d -> { }).accept(repo);
      commitAll(git, "setup: environment adjustments from verified_here");
      git.apply().setPatch(new ByteArrayInputStream(task.path("test_patch").asText().getBytes(StandardCharsets.UTF_8))).call();
      commitAll(git, "setup: the task's test patch (the failing tests)");
    }
    long t1 = System.nanoTime();

    TestCommandRunner.Result before = new TestCommandRunner(Duration.ofMinutes(15), TestCommandRunner.DEFAULT_MAX_OUTPUT_BYTES)
        .runShell(repo, testCommand);
    long t2 = System.nanoTime();
    assertThat(before.passed()).as("the failing tests fail before the fix:\n%s", tail(before.output())).isFalse();
    assertThat(before.output()).as("the failure is a test failure, not a build problem").contains("Tests run:");

    Path replay = tmp.resolve("gold.json");
    ObjectNode script = (ObjectNode) Json.MAPPER.readTree(GoldPatchEdits.replayScript(task.path("fix_patch").asText(),
        "Apply the fix for " + instance, task.path("verified_here").path("test_command").asText()));
    ((ArrayNode) script.get("entries")).add(Json.MAPPER.readTree(NOTHING_MORE));
    Files.writeString(replay, script.toPrettyString());
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new TimedLines(out, System.nanoTime()), true));
    cli.setErr(new PrintWriter(out));
    int exit = cli.execute("run", "--repo", repo.toString(), "--task", taskJson.toString(), "--model", "replay:" + replay,
        "--test-cmd", testCommand, "--max-attempts", "1");
    long t3 = System.nanoTime();

    System.out.println(out);
    System.out.printf("java task %s: checkout+setup %.1f s, tests before the fix %.1f s, acs run %.1f s (plan, %d edits, checks, commit, tests)%n",
        instance, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, GoldPatchEdits.of(task.path("fix_patch").asText()).size());
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("Policy before committing: ✅ allowed").contains("Tests pass").contains("Done: committed, and the tests pass.");
    for (String testClass : failToPass) {
      Path report = surefireReport(repo, testClass);
      String xml = Files.readString(report);
      assertThat(attribute(xml, "tests")).as(report.toString()).isPositive();
      assertThat(attribute(xml, "failures") + attribute(xml, "errors")).as(xml).isZero();
    }
    try (Git git = Git.open(repo.toFile())) {
      RevCommit head = git.log().setMaxCount(1).call().iterator().next();
      assertThat(head.getFullMessage()).contains("Acs-Task: local-");
      assertThat(git.getRepository().getBranch()).startsWith("acs/" + task.path("resolved_issues").path(0).path("number").asInt() + "-");
      assertThat(git.status().call().isClean()).isTrue();
    }
  }

  /** Used only if PMD sends the gold patch back to the model: it leaves the code as it is. */
  static final String NOTHING_MORE = "{\"type\": \"assistant\", \"phase\": \"code\", \"tool_calls\": [{\"name\": \"finish\","
      + " \"arguments\": {\"summary\": \"The gold patch stays as it is.\"}}]}";

  /**
   * A new repository at {@code base} that borrows the clone's objects (objects/info/alternates):
   * nothing is copied, the clone is only read.
   */
  static void checkout(Path clone, String base, Path dir) throws Exception {
    Path objects = clone.resolve(".git").resolve("objects");
    try (Git ignored = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      // reopened below so that JGit reads the alternates file
    }
    Files.writeString(dir.resolve(".git/objects/info/alternates"), objects.toAbsolutePath() + "\n");
    try (Git git = Git.open(dir.toFile())) {
      RefUpdate main = git.getRepository().updateRef(Constants.R_HEADS + "main");
      main.setNewObjectId(ObjectId.fromString(base));
      main.update();
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(base).call();
    }
  }

  static void commitAll(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    PersonIdent me = new PersonIdent("Task Setup", "setup@example.com");
    git.commit().setMessage(message).setAuthor(me).setCommitter(me).setSign(false).setAllowEmpty(true).call();
  }

  static void replaceInParent(Path pom, String from, String to) {
    try {
      String text = Files.readString(pom);
      Matcher m = Pattern.compile("(?s)<parent>.*?</parent>").matcher(text);
      assertThat(m.find()).as("a <parent> in " + pom).isTrue();
      String parent = m.group().replace("<version>" + from + "</version>", "<version>" + to + "</version>");
      Files.writeString(pom, text.substring(0, m.start()) + parent + text.substring(m.end()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code JAVA_HOME=… PATH=…/bin:$PATH }: the JDK the old projects build with. */
  static String jdkPrefix() {
    String jdk = System.getProperty("acs.javatasks.jdk");
    if (jdk == null) {
      Path debian17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
      if (!Files.isDirectory(debian17)) {
        return "";
      }
      jdk = debian17.toString();
    }
    return "JAVA_HOME='" + jdk + "' PATH='" + jdk + "/bin':\"$PATH\" ";
  }

  static Path surefireReport(Path repo, String testClass) throws Exception {
    String name = "TEST-" + testClass + ".xml";
    try (Stream<Path> files = Files.walk(repo)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no Surefire report " + name + " under " + repo));
    }
  }

  static int attribute(String xml, String name) {
    Matcher m = Pattern.compile("<testsuite[^>]*\\s" + name + "=\"(\\d+)\"").matcher(xml);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  static String tail(String s) {
    return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
  }

  /** Prefixes each line with the seconds since the start, to show where a run spends its time. */
  static final class TimedLines extends java.io.Writer {
    private final StringWriter out;
    private final long start;
    private boolean lineStart = true;

    TimedLines(StringWriter out, long start) {
      this.out = out;
      this.start = start;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (lineStart) {
          out.write(String.format("[%6.1f s] ", (System.nanoTime() - start) / 1e9));
          lineStart = false;
        }
        out.write(buf[i]);
        lineStart = buf[i] == '\n';
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
