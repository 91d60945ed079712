package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit subjects through the real pipeline, on the JGit server's repository: a main line written
 * in Conventional Commits with scopes gets ACS's commits in that style, the implementation with the
 * model's own subject and the repairs each with their own; a plain main line gets plain subjects.
 */
class CommitSubjectsPipelineTest {
  @TempDir Path tmp;

  static final String PLAN_AND_EDIT_WITH_SUBJECT = PipelineRig.PLAN_AND_EDIT.replace(
      "\"summary\": \"greet() now says Hello, NAME!\"",
      "\"summary\": \"greet() now says Hello, NAME!\", \"subject\": \"Greet with a comma and an exclamation mark\"");

  @Test
  void aConventionalMainLineGetsConventionalSubjectsOnePerChange() throws Exception {
    try (PipelineRig rig = PipelineRig.start(tmp)) {
      List<String> history = List.of("feat(demo): add a greeter", "fix(demo): keep the name as given", "docs: describe the greeter",
          "chore(build): pin the compiler", "feat(demo): greet by name", "test(demo): cover greet()");
      for (int i = 0; i < history.size(); i++) {
        rig.humanPush("main", "note" + i + ".txt", "note " + i + "\n", history.get(i));
      }
      rig.github.setBranchHead("main", rig.tip("main"));
      assertThat(PLAN_AND_EDIT_WITH_SUBJECT).contains("\"subject\"");

      Task task = rig.label("Greet politely", PLAN_AND_EDIT_WITH_SUBJECT);
      assertThat(task.state()).as(task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
      rig.syncHead(task);
      for (int round = 0; round < 2; round++) {
        rig.script(PipelineRig.editScript(round == 0 ? "name + \"!\"" : "name.strip() + \"!\"",
            round == 0 ? "name.strip() + \"!\"" : "name.strip() + \"!!\"", "As asked"));
        rig.repairQueue.fix(task.id(), task.prNumber(), "strip the name", 100L + round, PipelineRig.requester("bob"));
        rig.syncHead(rig.task(task.id()));
      }

      List<String> subjects = rig.commits(task.branch()).stream().limit(3).map(RevCommit::getShortMessage).toList();
      assertThat(subjects).containsExactly(
          "fix(demo): fix requested by @bob, 2nd time",
          "fix(demo): fix requested by @bob",
          "feat(demo): greet with a comma and an exclamation mark");
      assertThat(rig.commits(task.branch()).get(2).getFullMessage()).contains("\n\ngreet() now says Hello, NAME!\n");
    }
  }

  @Test
  void aPlainMainLineGetsPlainSubjects() throws Exception {
    try (PipelineRig rig = PipelineRig.start(tmp)) {
      List<String> history = List.of("Add a greeter (#1)", "Keep the name as given (#2)", "Describe the greeter",
          "Pin the compiler (#4)", "Greet by name (#5)", "Cover greet() (#6)");
      for (int i = 0; i < history.size(); i++) {
        rig.humanPush("main", "note" + i + ".txt", "note " + i + "\n", history.get(i));
      }
      rig.github.setBranchHead("main", rig.tip("main"));
      Task task = rig.label("Greet politely", PLAN_AND_EDIT_WITH_SUBJECT);
      assertThat(task.state()).as(task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
      assertThat(rig.commits(task.branch()).get(0).getShortMessage())
          .isEqualTo("Greet with a comma and an exclamation mark (#" + task.issueNumber() + ")");
    }
  }
}
