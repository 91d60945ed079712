package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskTrailerTest {

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("Fix NPE", "Fix NPE\n\nAcs-Task: t-1\n"),
        Arguments.of("Fix NPE\n", "Fix NPE\n\nAcs-Task: t-1\n"),
        Arguments.of("Fix NPE\r\n\r\nBody line.\r\n", "Fix NPE\n\nBody line.\n\nAcs-Task: t-1\n"),
        Arguments.of("Fix NPE\n\nCloses #12", "Fix NPE\n\nCloses #12\n\nAcs-Task: t-1\n"),
        Arguments.of("Fix NPE\n\nCo-authored-by: A <a@x.org>", "Fix NPE\n\nCo-authored-by: A <a@x.org>\nAcs-Task: t-1\n"),
        Arguments.of("Fix NPE\n\nBody.\n\nSigned-off-by: B <b@x.org>\nRefs: #3  \n",
            "Fix NPE\n\nBody.\n\nSigned-off-by: B <b@x.org>\nRefs: #3\nAcs-Task: t-1\n"),
        // A one-line message that looks like a trailer is still the subject.
        Arguments.of("Refs: #3", "Refs: #3\n\nAcs-Task: t-1\n"));
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("messages")
  void appendsTheTrailer(String message, String expected) {
    assertThat(TaskTrailer.append(message, "t-1")).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "x\nAcs-Task: other", "-leading", "ünïcode"})
  void refusesTaskIdsThatCouldForgeLinesOrPaths(String taskId) {
    assertThatThrownBy(() -> TaskTrailer.append("msg", taskId)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n "})
  void refusesEmptyMessages(String message) {
    assertThatThrownBy(() -> TaskTrailer.append(message, "t-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"t-1", "0192f6c0-8a9e-7b3c-9d2e-abcdef012345", "o_r:12.3"})
  void acceptsUsualTaskIds(String taskId) {
    assertThat(TaskTrailer.requireValidTaskId(taskId)).isEqualTo(taskId);
  }
}
