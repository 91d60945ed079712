package dev.acs.pipeline;

import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.PLAN_AND_EDIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.nio.file.Path;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-to-PR pipeline with real parts ({@link PipelineRig}): a JGit HTTP server as the
 * remote, a real database, the real policy guardrails, PMD, and a scripted model (replay); GitHub
 * is the in-memory stand-in.
 */
class TaskPipelineTest {
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
  void labeledIssueBecomesADraftPullRequest() throws Exception {
    Task task = rig.label("Greet politely", PLAN_AND_EDIT);

    int issue = task.issueNumber();
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.branch()).isEqualTo("acs/" + issue + "-greet-politely");
    RepoGitHub.PullRequestInfo pr = rig.github.pullRequests().get(0);
    assertThat(pr.draft()).isTrue();
    assertThat(pr.headRef()).isEqualTo(task.branch());
    assertThat(pr.body()).contains("Closes #" + issue).contains("greet() now says Hello, NAME!").contains("## Policy").contains("## Cost");
    assertThat(rig.github.comments(issue)).extracting(InMemoryRepoGitHub.Comment::body)
        .anySatisfy(b -> assertThat(b).contains("ACS plan").contains("- [x] Change the greeting").contains("Implemented in #" + pr.number()))
        .anySatisfy(b -> assertThat(b).contains("opened a draft pull request: #" + pr.number()));
    RepoGitHub.CheckRunInfo check = rig.github.checkRun(task.checkRunId());
    assertThat(check.name()).isEqualTo("ACS");
    assertThat(check.status()).isEqualTo("completed");
    assertThat(check.conclusion()).isEqualTo("success");
    assertThat(check.headSha()).isEqualTo(task.headSha());

    RevCommit head = rig.commits(task.branch()).get(0);
    assertThat(head.getName()).isEqualTo(task.headSha());
    assertThat(head.getFullMessage()).contains("Acs-Task: " + task.id());
    assertThat(head.getAuthorIdent().getName()).isEqualTo("acs[bot]");
    assertThat(rig.tasks.events(task.id())).extracting(e -> e.kind()).contains("policy", "push", "transition");
  }

  @Test
  void someoneWithoutWriteAccessGetsOnePoliteCommentAndNothingElse() throws Exception {
    int issue = rig.github.addIssue("Greet politely", "", "mallory", "autocode");
    rig.script(PLAN_AND_EDIT);
    Requester mallory = PipelineRig.requester("mallory");

    assertThat(rig.start.start(rig.github, INSTALLATION, issue, "t", mallory, true)).isNull();
    assertThat(rig.start.start(rig.github, INSTALLATION, issue, "t", mallory, true)).isNull();

    assertThat(rig.github.comments(issue)).singleElement().extracting(InMemoryRepoGitHub.Comment::body).asString().contains("will not act");
    assertThat(rig.tasks.all()).isEmpty();
    assertThat(rig.github.pullRequests()).isEmpty();
  }

  @Test
  void aChangeToAWorkflowIsBlockedByPolicyAndNothingIsPushed() throws Exception {
    int issue = rig.github.addIssue("Add CI", "", "alice");
    rig.script("""
        {"entries": [
          {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Add CI", "steps": ["Add a workflow"],
            "files": ["README.md"], "risks": ["none"], "verification": "CI runs"}}]},
          {"type": "assistant", "tool_calls": [{"name": "create_file", "arguments": {"path": "id_rsa", "content": "not really a key"}}]},
          {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Added a key file"}}]}
        ]}
        """);
    Task t = rig.start.start(rig.github, INSTALLATION, issue, "Add CI", PipelineRig.requester("alice"), true);

    Task task = rig.task(t.id());
    assertThat(task.state()).isEqualTo(TaskState.BLOCKED_BY_POLICY);
    assertThat(rig.github.pullRequests()).isEmpty();
    assertThat(rig.github.comments(issue)).extracting(InMemoryRepoGitHub.Comment::body).anySatisfy(b -> assertThat(b).contains("`push` denied").contains("a secret-like file"));
    assertThat(rig.tip(task.branch())).isNull();
  }
}
