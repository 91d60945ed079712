package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a model can misbehave, through the whole pipeline (label → plan → implement) with a
 * scripted model: each ends the task FAILED with a comment on the issue that says why, nothing is
 * pushed and no pull request is opened, and nothing hangs. The agent's own tests cover the tool
 * loop; this covers what the pipeline makes of it.
 */
@Timeout(60)
class ModelMisbehaviourTest {
  static final String GREETER = PipelineRig.GREETER;

  @TempDir Path tmp;
  PipelineRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  static final String PLAN = """
      {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Greet politely",
        "steps": ["Add a comma"], "files": ["src/main/java/demo/Greeter.java"], "risks": ["none"], "verification": "PMD"}}]}""";

  static String call(String name, String arguments) {
    return "{\"type\": \"assistant\", \"tool_calls\": [{\"name\": \"" + name + "\", \"arguments\": " + arguments + "}]}";
  }

  static String text(String text) {
    return "{\"type\": \"assistant\", \"text\": \"" + text + "\"}";
  }

  static String times(int n, java.util.function.IntFunction<String> entry) {
    return IntStream.range(0, n).mapToObj(entry).collect(Collectors.joining(",\n"));
  }

  static Stream<Arguments> misbehaviours() {
    return Stream.of(
        Arguments.of("malformed tool arguments",
            PLAN + ",\n" + times(6, i -> call("edit_file", "\"{\\\"path\\\": \\\"" + GREETER + "\\\", \\\"search\\\": " + i + "\"")),
            "the model failed: stopped: the last 6 tool calls failed; the last error was: ERROR: the arguments were not valid JSON"),
        Arguments.of("unknown tools",
            PLAN + ",\n" + times(6, i -> call("run_shell_" + i, "{\"command\": \"rm -rf /\"}")),
            "the model failed: stopped: the last 6 tool calls failed; the last error was: ERROR: there is no tool named 'run_shell_5'"),
        Arguments.of("edits that do not apply",
            PLAN + ",\n" + times(6, i -> call("edit_file", "{\"path\": \"" + GREETER + "\", \"search\": \"return \\\"Howdy " + i
                + "\\\";\", \"replace\": \"return \\\"Hi\\\";\"}")),
            "the model failed: stopped: the last 6 tool calls failed"),
        Arguments.of("an endless loop of the same call",
            PLAN + ",\n" + times(5, i -> call("read_file", "{\"path\": \"" + GREETER + "\"}")),
            "the model used all its steps or kept repeating itself (stopped: the model made the same call 3 times in a row: read_file"),
        Arguments.of("empty answers",
            PLAN + ",\n" + text("") + ",\n" + text(""),
            "the model failed: stopped: the model gave 2 empty answers in a row"),
        Arguments.of("talk without tools",
            PLAN + ",\n" + times(3, i -> text("I would change the greeting " + i)),
            "the model gave up: stopped: the model answered 3 times without using a tool"),
        Arguments.of("a model that stops answering mid-task",
            PLAN + ",\n" + call("read_file", "{\"path\": \"" + GREETER + "\"}"),
            "the model failed: the model call failed"),
        Arguments.of("finishing without a change",
            PLAN + ",\n" + call("finish", "{\"summary\": \"Nothing to do\"}"),
            "the model finished without changing any file"),
        Arguments.of("giving up",
            PLAN + ",\n" + call("finish", "{\"summary\": \"I cannot find the greeting\", \"outcome\": \"gave_up\"}"),
            "the model gave up: I cannot find the greeting"),
        Arguments.of("no valid plan",
            call("submit_plan", "{\"summary\": \"x\"}") + ",\n" + call("submit_plan", "{\"steps\": []}"),
            "ACS stopped working on this issue: the model did not produce a valid plan in two tries"),
        Arguments.of("an empty answer instead of a plan",
            text("") + ",\n" + text(""),
            "ACS stopped working on this issue: the model did not produce a valid plan in two tries: the answer was empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misbehaviours")
  void endsFailedWithACommentAndNothingPushed(String name, String entries, String expectedComment) throws Exception {
    Task task = rig.label("Greet politely", "{\"entries\": [" + entries + "]}");

    assertThat(task.state()).isEqualTo(TaskState.FAILED);
    assertThat(task.lastFailure()).isNotBlank();
    List<String> bodies = new ArrayList<>(rig.github.comments(task.issueNumber()).stream().map(InMemoryRepoGitHub.Comment::body).toList());
    assertThat(bodies).anySatisfy(b -> assertThat(b).contains(expectedComment).contains("`/acs implement`"));
    assertThat(bodies).noneSatisfy(b -> assertThat(b).contains("Exception").contains("\tat "));
    assertThat(rig.github.pullRequests()).isEmpty();
    assertThat(rig.branches()).containsExactly("refs/heads/main");
    assertThat(rig.tasks.events(task.id())).extracting(e -> e.kind()).contains("transition");
  }
}
