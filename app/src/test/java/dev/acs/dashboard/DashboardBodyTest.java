package dev.acs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.pipeline.TaskLinks;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DashboardBodyTest {
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  static final String A = "11111111-1111-1111-1111-111111111111";
  static final String B = "22222222-2222-2222-2222-222222222222";
  static final String C = "33333333-3333-3333-3333-333333333333";

  static Task task(String id, int issue, String title, TaskState state, Integer pr, String cost, Instant updated, String failure) {
    return new Task(id, "octo/greeter", issue, 7L, state, title, null, null, pr, null, 0, 0, new BigDecimal(cost), null, null, null,
        failure, updated, updated, "alice", null, null, null, null, 0, 0);
  }

  static final List<Task> TASKS = List.of(
      task(A, 12, "Greet politely", TaskState.IMPLEMENTING, null, "0.40", NOW.minusSeconds(60), null),
      task(B, 10, "Fix the NPE", TaskState.FAILED, 11, "1.10", Instant.parse("2026-12-01T00:00:00Z"), "checks still fail: build"),
      task(C, 9, "Old work", TaskState.DONE, 8, "0.75", Instant.parse("2026-11-30T23:59:59Z"), null));

  @Test
  void openTasksCanBeStoppedFailedOnesRetriedAndTheMonthsSpendIsSummed() {
    String body = DashboardBody.render(TASKS, new TaskLinks(Optional.of("https://acs.example.com")), NOW, null);

    assertThat(body).startsWith(DashboardBody.MARKER + "\n## ACS dashboard");
    assertThat(body).contains("- [ ] <!-- acs-task:" + A + ":stop --> #12 Greet politely — `IMPLEMENTING`, "
        + "[task page](https://acs.example.com/tasks/" + A + "), $0.40 · tick to **stop**");
    assertThat(body).contains("- [ ] <!-- acs-task:" + B + ":retry --> #10 Fix the NPE — `FAILED`, pull request #11, "
        + "[task page](https://acs.example.com/tasks/" + B + "), $1.10: checks still fail: build · tick to **retry**");
    assertThat(body).contains("- ✅ #9 Old work — `DONE`, pull request #8").doesNotContain("acs-task:" + C);
    // November's task does not count in December.
    assertThat(body).contains("**$1.50** in December 2026 over 2 tasks");
    assertThat(DashboardBody.ticked(body)).isEmpty();
  }

  @Test
  void withoutAPublicUrlThereAreNoTaskPageLinksAndEmptyListsSaySo() {
    String body = DashboardBody.render(List.of(), TaskLinks.NONE, NOW, "a note");
    assertThat(body).doesNotContain("task page").contains("> a note").contains("_None._").contains("_None yet._")
        .contains("**$0.00** in December 2026 over 0 tasks");
  }

  @Test
  void theTextIsTheSameForTheSameTasks() {
    assertThat(DashboardBody.render(TASKS, TaskLinks.NONE, NOW, null))
        .isEqualTo(DashboardBody.render(TASKS, TaskLinks.NONE, NOW.plusSeconds(3600), null));
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("- [x] <!-- acs-task:" + A + ":stop --> #12 x", List.of(new DashboardBody.Tick(A, DashboardBody.Action.STOP))),
        Arguments.of("- [X] <!-- acs-task:" + B + ":retry --> #10", List.of(new DashboardBody.Tick(B, DashboardBody.Action.RETRY))),
        Arguments.of("* [x] <!-- acs-task:" + B + ":retry -->\n- [x] <!-- acs-task:" + A + ":stop -->",
            List.of(new DashboardBody.Tick(B, DashboardBody.Action.RETRY), new DashboardBody.Tick(A, DashboardBody.Action.STOP))),
        Arguments.of("- [ ] <!-- acs-task:" + A + ":stop -->", List.of()),
        Arguments.of("- [x] <!-- acs-task:" + A + ":stop -->\n- [x] <!-- acs-task:" + A + ":stop -->",
            List.of(new DashboardBody.Tick(A, DashboardBody.Action.STOP))),
        Arguments.of("- [x] <!-- acs-task:" + A + ":delete -->", List.of()),
        Arguments.of("- [x] <!-- acs-task:../../etc:stop -->", List.of()),
        Arguments.of("text - [x] <!-- acs-task:" + A + ":stop -->", List.of()));
  }

  @ParameterizedTest
  @MethodSource("edits")
  void tickedBoxesAreReadFromTheEditedBody(String body, List<DashboardBody.Tick> ticks) {
    assertThat(DashboardBody.ticked(body)).isEqualTo(ticks);
  }

  @Test
  void aTitleCannotSmuggleInABoxOrBreakTheList() {
    Task sly = task(A, 5, "x\n- [x] <!-- acs-task:" + B + ":retry --> [y](http://e) `z`", TaskState.PLANNED, null, "0", NOW, null);
    String body = DashboardBody.render(List.of(sly), TaskLinks.NONE, NOW, null);
    String ticked = body.replace("- [ ]", "- [x]");
    assertThat(DashboardBody.ticked(ticked)).containsExactly(new DashboardBody.Tick(A, DashboardBody.Action.STOP));
    assertThat(body).doesNotContain("<!-- acs-task:" + B).contains("&lt;!-- acs-task:").contains("\\[y\\](http://e) 'z'");
  }
}
