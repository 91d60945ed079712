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
    "REPAIRING, REPAIRING, false",
  })
  void movesOnlyAlongTheDesignedPaths(TaskState from, TaskState to, boolean allowed) {
    assertThat(from.canMoveTo(to)).isEqualTo(allowed);
  }
}
