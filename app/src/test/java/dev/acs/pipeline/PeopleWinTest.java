package dev.acs.pipeline;

import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.testing.WebhookPayloads;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PullRequestEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People win: what a person does on GitHub while ACS works comes first. Each test starts from a
 * draft pull request the real pipeline opened ({@link PipelineRig}), delivers a variant of a real
 * webhook payload to the handler, and reads the task, the comments and the queued work.
 *
 * <p>No published example exists for {@code issues.closed} (see the fixtures' README): it is made
 * from {@code issues/reopened.json}, whose only differences GitHub documents are the action and
 * the issue's state.
 */
class PeopleWinTest {
  @TempDir Path tmp;
  PipelineRig rig;
  QueuedRepairs repairs;
  StopOnIssueClosed stop;
  ResumeOnReopen resume;
  RerunAcsCheck rerun;
  EndTaskWithPullRequest end;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    repairs = new QueuedRepairs(rig.repairs);
    stop = new StopOnIssueClosed(rig.services, rig.queue, GitHubReach.APP);
    resume = new ResumeOnReopen(rig.services, rig.start, repairs, GitHubReach.APP);
    rerun = new RerunAcsCheck(rig.services, rig.start, repairs, GitHubReach.APP);
    end = new EndTaskWithPullRequest(rig.services, rig.queue);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  // ---- variants of the real payloads ----

  static IssuesEvent issueEvent(String action, Task task, String sender, String... labels) {
    // issues.closed has no published example: the reopened one with the closed action and state.
    WebhookPayloads p = WebhookPayloads.of("issues/reopened.json").repository(REPO).installation(INSTALLATION).sender(sender, "User")
        .set("/action", action).set("/issue/number", task.issueNumber()).set("/issue/state", action.equals("closed") ? "closed" : "open")
        .set("/issue/labels", java.util.Arrays.stream(labels).map(l -> Map.of("name", l)).toList());
    return p.parse(IssuesEvent.class);
  }

  static IssuesEvent unlabeled(Task task, String sender, String label) {
    return WebhookPayloads.of("issues/unlabeled.json").repository(REPO).installation(INSTALLATION).sender(sender, "User")
        .set("/issue/number", task.issueNumber()).set("/label/name", label).parse(IssuesEvent.class);
  }

  static PullRequestEvent pullRequest(String action, Task task, String sender, boolean merged) {
    return WebhookPayloads.of("pull_request/" + action + ".json").repository(REPO).installation(INSTALLATION).sender(sender, "User")
        .set("/number", task.prNumber()).set("/pull_request/number", task.prNumber()).set("/pull_request/merged", merged)
        .set("/pull_request/head/ref", task.branch()).set("/pull_request/head/sha", task.headSha())
        .parse(PullRequestEvent.class);
  }

  /** "Re-run" on a check run: the published example is another App's ("randscape"), so name and App are set to ACS's. */
  static CheckRunEvent rerequested(Task task, long checkRunId, String sha, String sender) {
    return WebhookPayloads.of("check_run/rerequested.2.json").repository(REPO).installation(INSTALLATION).sender(sender, "User")
        .set("/check_run/id", checkRunId).set("/check_run/name", "ACS").set("/check_run/head_sha", sha)
        .set("/check_run/app/slug", "acs").set("/check_run/check_suite/head_branch", task.branch())
        .set("/check_run/check_suite/head_sha", sha)
        .set("/check_run/pull_requests", List.of(Map.of("number", task.prNumber(), "id", 1,
            "head", Map.of("ref", task.branch(), "sha", sha), "base", Map.of("ref", "main", "sha", sha))))
        .parse(CheckRunEvent.class);
  }

  List<String> issueComments(Task task) {
    return rig.github.comments(task.issueNumber()).stream().filter(c -> c.author().equals("acs[bot]"))
        .map(InMemoryRepoGitHub.Comment::body).toList();
  }

  List<String> stoppedComments(Task task) {
    return issueComments(task).stream().filter(b -> b.contains("<!-- acs:stopped -->")).toList();
  }

  // ---- tests ----

  @Test
  void closingTheIssueStopsTheTaskSaysSoOnceAndLeavesTheDraftOpen() {
    Task task = rig.openPullRequest();

    stop.onClosed(issueEvent("closed", task, "alice"), PipelineRig.delivery("issues", "closed"));
    stop.onClosed(issueEvent("closed", task, "alice"), PipelineRig.delivery("issues", "closed")); // delivered again

    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);
    assertThat(stoppedComments(task)).singleElement().asString().contains("@alice closed this issue")
        .contains("#" + task.prNumber() + " stays open").contains("Reopen the issue");
    assertThat(rig.github.pullRequest(task.prNumber()).orElseThrow().state()).isEqualTo("open");
    assertThat(rig.github.pullRequest(task.prNumber()).orElseThrow().draft()).isTrue();
  }

  @Test
  void anIssueClosedByTheMergeOfAcsPullRequestIsLeftToTheMerge() {
    Task task = rig.openPullRequest();
    rig.github.closePullRequest(task.prNumber()); // merged: "Closes #n" closed the issue; the events come in any order

    stop.onClosed(issueEvent("closed", task, "alice"), PipelineRig.delivery("issues", "closed"));
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
    end.onClosed(pullRequest("closed", task, "alice", true), PipelineRig.delivery("pull_request", "closed"));

    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.DONE);
    assertThat(stoppedComments(task)).isEmpty();
  }

  @Test
  void takingAcsLabelOffStopsTheTaskAndAnotherLabelDoesNothing() {
    Task task = rig.openPullRequest();

    stop.onUnlabeled(unlabeled(task, "alice", "bug"), PipelineRig.delivery("issues", "unlabeled"));
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);

    stop.onUnlabeled(unlabeled(task, "alice", "autocode"), PipelineRig.delivery("issues", "unlabeled"));
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);
    assertThat(stoppedComments(task)).singleElement().asString().contains("removed the `autocode` label").contains("Add the label again");
  }

  @Test
  void reopeningTheIssueResumesAtThePullRequestAndLooksAtItsChecks() {
    Task task = rig.openPullRequest();
    stop.onClosed(issueEvent("closed", task, "alice"), PipelineRig.delivery("issues", "closed"));
    rig.github.addCheckRun("github-actions", "build", task.headSha(), CheckRunUpdate.completed("success", "Built", "", null, List.of()));

    resume.onIssueReopened(issueEvent("reopened", task, "bob", "autocode"), PipelineRig.delivery("issues", "reopened"));

    Task resumed = rig.task(task.id());
    assertThat(resumed.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(resumed.requestedBy()).isEqualTo("bob");
    assertThat(repairs.queued()).containsExactly("markReady #" + task.prNumber() + " @" + task.headSha());
    repairs.runAll();
    assertThat(rig.github.pullRequest(task.prNumber()).orElseThrow().draft()).isFalse();
    assertThat(stoppedComments(task)).singleElement().asString().contains("Resumed: @bob reopened this issue")
        .contains("all 1 check(s) pass");
  }

  @Test
  void reopeningNeedsThePermissionALabelNeedsAndTheLabelStillOn() {
    Task task = rig.openPullRequest();
    stop.onClosed(issueEvent("closed", task, "alice"), PipelineRig.delivery("issues", "closed"));

    resume.onIssueReopened(issueEvent("reopened", task, "alice"), PipelineRig.delivery("issues", "reopened")); // label taken off meanwhile
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);

    resume.onIssueReopened(issueEvent("reopened", task, "mallory", "autocode"), PipelineRig.delivery("issues", "reopened"));
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);
    assertThat(issueComments(task)).anySatisfy(c -> assertThat(c).contains("<!-- acs:not-allowed -->").contains("@mallory"));
    assertThat(repairs.queued()).isEmpty();
  }

  @Test
  void reopeningTheClosedPullRequestResumesTheTask() {
    Task task = rig.openPullRequest();
    rig.github.closePullRequest(task.prNumber());
    end.onClosed(pullRequest("closed", task, "alice", false), PipelineRig.delivery("pull_request", "closed"));
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);

    rig.github.reopenPullRequest(task.prNumber());
    resume.onPullRequestReopened(pullRequest("reopened", task, "alice", false), PipelineRig.delivery("pull_request", "reopened"));

    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).contains("STOPPED → PR_OPEN: resumed: @alice reopened #"));
  }

  /**
   * Cancelling interrupts a running job at once on some queues: the job must then already find the
   * task DONE, or it fails the task and says "could not finish" on a merged pull request.
   */
  @Test
  void aMergeMovesTheTaskBeforeItCancelsTheJobs() {
    Task task = rig.openPullRequest();
    rig.tasks.transition(task.id(), TaskState.REPAIRING, "a repair is running");
    List<TaskState> seenByCancel = new java.util.ArrayList<>();
    TaskQueue interrupting = new TaskQueue() {
      @Override
      public void plan(String taskId, Requester who, boolean implementAfter) {
        throw new AssertionError("nothing is queued here");
      }

      @Override
      public void implement(String taskId, Requester who) {
        throw new AssertionError("nothing is queued here");
      }

      @Override
      public int cancel(String taskId) {
        seenByCancel.add(rig.task(taskId).state());
        return 1;
      }
    };

    new EndTaskWithPullRequest(rig.services, interrupting).onClosed(pullRequest("closed", task, "alice", true),
        PipelineRig.delivery("pull_request", "closed"));

    assertThat(seenByCancel).containsExactly(TaskState.DONE);
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).contains("REPAIRING → DONE: pull request merged by @alice"));
  }

  @Test
  void aPullRequestMergedAfterTheTaskFailedEndsItDone() {
    Task task = rig.openPullRequest();
    rig.tasks.transition(task.id(), TaskState.FAILED, "the attempts were used up");

    end.onClosed(pullRequest("closed", task, "alice", true), PipelineRig.delivery("pull_request", "closed"));

    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.DONE);
  }

  @Test
  void reRunOnAcsCheckLooksAtTheChecksAgainAndSaysSoInANewAcsRun() {
    Task task = rig.openPullRequest();
    long acsRun = task.checkRunId();
    rig.github.addCheckRun("github-actions", "build", task.headSha(), CheckRunUpdate.completed("failure", "Build failed", "1 test failed", null, List.of()));

    rerun.onRerequested(rerequested(task, acsRun, task.headSha(), "bob"), PipelineRig.delivery("check_run", "rerequested"));

    assertThat(repairs.queued()).containsExactly("repairChecks #" + task.prNumber() + " @" + task.headSha());
    Task after = rig.task(task.id());
    assertThat(after.requestedBy()).isEqualTo("bob");
    assertThat(after.checkRunId()).isNotEqualTo(acsRun);
    assertThat(rig.github.checkRun(after.checkRunId()).outputTitle()).isEqualTo("Checks looked at again");
    assertThat(rig.github.checkRun(after.checkRunId()).outputSummary()).contains("@bob").contains("build failed");
  }

  @Test
  void reRunBySomeoneWithoutPermissionDoesNothing() {
    Task task = rig.openPullRequest();
    rig.github.addCheckRun("github-actions", "build", task.headSha(), CheckRunUpdate.completed("failure", "Build failed", "", null, List.of()));

    rerun.onRerequested(rerequested(task, task.checkRunId(), task.headSha(), "mallory"), PipelineRig.delivery("check_run", "rerequested"));

    assertThat(repairs.queued()).isEmpty();
    assertThat(rig.task(task.id()).requestedBy()).isEqualTo("alice");
  }

  @Test
  void reRunOnTheCheckOfAFailedTaskRetriesTheTask() {
    Task task = rig.openPullRequest();
    rig.tasks.transition(task.id(), TaskState.FAILED, "a model error");
    rig.script(PipelineRig.PLAN_AND_EDIT);

    rerun.onRerequested(rerequested(task, task.checkRunId(), task.headSha(), "bob"), PipelineRig.delivery("check_run", "rerequested"));

    // Retried as /acs implement would (how far the retry gets is the pipeline's business).
    assertThat(rig.task(task.id()).requestedBy()).isEqualTo("bob");
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).startsWith("FAILED → NEW").contains("started again by @bob"))
        .anySatisfy(e -> assertThat(e.summary()).contains("→ PLANNED"));
  }

  @Test
  void reRunOnTheCheckOfAStoppedTaskWithAnOpenPullRequestResumesThere() {
    Task task = rig.openPullRequest();
    stop.onUnlabeled(unlabeled(task, "alice", "autocode"), PipelineRig.delivery("issues", "unlabeled"));
    rig.github.addCheckRun("github-actions", "build", task.headSha(), CheckRunUpdate.completed("failure", "Build failed", "", null, List.of()));

    rerun.onRerequested(rerequested(task, task.checkRunId(), task.headSha(), "bob"), PipelineRig.delivery("check_run", "rerequested"));

    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(repairs.queued()).containsExactly("repairChecks #" + task.prNumber() + " @" + task.headSha());
  }

  @Test
  void anotherAppsCheckCalledAcsIsNotOurs() {
    Task task = rig.openPullRequest();
    CheckRunEvent other = WebhookPayloads.of("check_run/rerequested.2.json").repository(REPO).installation(INSTALLATION).sender("bob", "User")
        .set("/check_run/name", "ACS").set("/check_run/check_suite/head_branch", task.branch()).set("/check_run/app/slug", "super-duper")
        .parse(CheckRunEvent.class);
    rig.github.addCheckRun("github-actions", "build", task.headSha(), CheckRunUpdate.completed("failure", "Build failed", "", null, List.of()));

    rerun.onRerequested(other, PipelineRig.delivery("check_run", "rerequested"));

    assertThat(repairs.queued()).isEmpty();
  }
}
