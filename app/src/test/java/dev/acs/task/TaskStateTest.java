package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStateTest {

  @ParameterizedTest(name = "{0} → {1}: {2}")
  @CsvSource({
    "NEW, PLANNED, true",
    "NEW, IMPLEMENTING, true",
    "NEW, PR_OPEN, false",
    "PLANNED, IMPLEMENTING, true",
    "IMPLEMENTING, PR_OPEN, true",
    "IMPLEMENTING, PLANNED, false",
    "PR_OPEN, REPAIRING, true",
    "REPAIRING, PR_OPEN, true",
    "PR_OPEN, DONE, true",
    "REPAIRING, DONE, true",
    "IMPLEMENTING, FAILED, true",
    "PLANNED, STOPPED, true",
    "PR_OPEN, BLOCKED_BY_POLICY, true",
    "DONE, FAILED, false",
    "STOPPED, REPAIRING, false",
    "STOPPED, NEW, true",
    "FAILED, NEW, true",
    "FAILED, REPAIRING, true",
    "DONE, IMPLEMENTING, false",
    // People win: a merge or close ends any task; a reopen resumes a stopped one at its pull request.
    "FAILED, DONE, true",
    "BLOCKED_BY_POLICY, STOPPED, true",
    "STOPPED, DONE, true",
    "STOPPED, PR_OPEN, true",
    "DONE, STOPPED, false",
    "FAILED, PR_OPEN, false",
    "REPAIRING, REPAIRING, false",
    // Clarifying questions: asked while planning; an answer plans again; no answer stops the task.
    "NEW, WAITING_FOR_ANSWER, true",
    "PLANNED, WAITING_FOR_ANSWER, true",
    "WAITING_FOR_ANSWER, PLANNED, true",
    "WAITING_FOR_ANSWER, WAITING_FOR_ANSWER, true",
    "WAITING_FOR_ANSWER, STOPPED, true",
    "WAITING_FOR_ANSWER, PR_OPEN, false",
    "IMPLEMENTING, WAITING_FOR_ANSWER, false",
    "PR_OPEN, WAITING_FOR_ANSWER, false",
    "STOPPED, WAITING_FOR_ANSWER, false",
  })
  void movesOnlyAlongTheDesignedPaths(TaskState from, TaskState to, boolean allowed) {
    assertThat(from.canMoveTo(to)).isEqualTo(allowed);
  }

  @org.junit.jupiter.api.Test
  void waitingForAnAnswerIsNeitherRunningNorEnded() {
    assertThat(TaskState.WAITING_FOR_ANSWER.running()).isFalse();
    assertThat(TaskState.WAITING_FOR_ANSWER.ended()).isFalse();
  }
}
