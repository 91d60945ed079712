package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PMD's new findings go back to the model once. When the model leaves them (changes nothing), the
 * change it made still stands: the pull request opens with the findings on the check run, and the
 * policy decides whether they may be pushed.
 */
@Timeout(60)
class StaticAnalysisPassTest {
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

  static final String SCRIPT = """
      {"entries": [
        {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Greet politely",
          "steps": ["Add a comma"], "files": ["src/main/java/demo/Greeter.java"], "risks": ["none"], "verification": "PMD"}}]},
        {"type": "assistant", "tool_calls": [{"name": "edit_file", "arguments": {"path": "src/main/java/demo/Greeter.java",
          "search": "return \\"Hello \\" + name;", "replace": "String trimmed = name.trim();\\n    return \\"Hello, \\" + name;"}}]},
        {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Comma added"}}]},
        {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "The unused variable is harmless; left as it is"}}]}
      ]}
      """;

  @Test
  void findingsTheModelLeavesAreReportedAndTheChangeStillGoesOut() throws Exception {
    Task task = rig.label("Greet politely", SCRIPT);

    assertThat(task.state()).as(task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    RepoGitHub.PullRequestInfo pr = rig.github.pullRequests().get(0);
    assertThat(pr.body()).contains("PMD: 1 new finding(s)").contains("UnusedLocalVariable").contains("> Comma added");
    RepoGitHub.CheckRunInfo check = rig.github.checkRun(task.checkRunId());
    assertThat(check.conclusion()).isEqualTo("neutral");
    assertThat(rig.tasks.events(task.id())).extracting(e -> e.summary())
        .anySatisfy(s -> assertThat(s).contains("new static-analysis finding(s); back to the model once"))
        .anySatisfy(s -> assertThat(s).contains("left the PMD findings as they are"));
    assertThat(rig.github.comments(task.issueNumber())).extracting(InMemoryRepoGitHub.Comment::body)
        .noneSatisfy(b -> assertThat(b).contains("ACS stopped"));
  }
}
