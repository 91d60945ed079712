package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot commands (the Action, {@code receive}, the demo) end with their process, so no
 * answer could reach a waiting task: their pipeline offers no {@code ask_question}, and a model
 * that asks anyway is told there is no such tool and plans.
 */
class OneShotQuestionsTest {
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

  @Test
  void aQuestionInAOneShotRunIsNoToolAndThePlanGoesOn() {
    String script = PipelineRig.PLAN_AND_EDIT.replaceFirst("\\{\"entries\": \\[",
        "{\"entries\": [\n{\"type\": \"assistant\", \"phase\": \"plan\", \"tool_calls\": [{\"name\": \"ask_question\", \"arguments\": "
            + "{\"questions\": [\"Comma or not?\"], \"assumptions\": \"A comma\"}}]},");
    Task task = rig.label("Greet politely", script);

    assertThat(task.state()).as(task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.tasks.events(task.id())).noneSatisfy(e -> assertThat(e.kind()).isEqualTo("question"));
    assertThat(rig.transcripts()).contains("there is no tool 'ask_question'");
  }
}
