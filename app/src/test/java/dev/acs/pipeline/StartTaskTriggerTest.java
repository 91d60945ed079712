package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code trigger} label of {@code acs_tasks_started_total}: what kind of event started a task. */
class StartTaskTriggerTest {
  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "issues, labeled, -, label",
      "issue_comment, created, implement, command",
      "issue_comment, edited, plan, command",
      "issue_comment, created, -, mention",
      "issues, assigned, -, assigned",
      "issues, edited, implement, dashboard",
      "workflow_dispatch, -, -, workflow_dispatch"})
  void theTriggerNamesTheKindOfEvent(String event, String action, String command, String trigger) {
    assertThat(StartTask.trigger(new Requester("alice", "User", "write", event, action, command, false))).isEqualTo(trigger);
  }
}
