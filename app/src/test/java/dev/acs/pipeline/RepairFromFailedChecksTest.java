package dev.acs.pipeline;

import static dev.acs.pipeline.PipelineRig.GREETER;
import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.JobTargets;
import dev.acs.task.Jobs;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.testing.WebhookPayloads;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.CheckSuiteEvent;
import dev.acs.webhook.event.PullRequestEvent;
import dev.acs.webhook.event.WorkflowRunEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failing and passing checks on ACS's pull request, end to end: real webhook payloads (variants
 * built in code from the shared fixtures) go to the production handler, the queued jobs run the
 * real repair (replay model, PMD, guardrails, a push to a real git server), and the test looks at
 * what reached git and GitHub. Job logs are real failing build logs (src/test/resources/logs).
 */
class RepairFromFailedChecksTest {
  static final long RUN_ID = 7_001L;

  @TempDir Path tmp;
  PipelineRig rig;
  QueuedRepairs queue;
  RepairFromFailedChecks handler;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    queue = new QueuedRepairs(rig.repairs);
    handler = new RepairFromFailedChecks(rig.services, queue);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  static String log(String name) {
    try (InputStream in = RepairFromFailedChecksTest.class.getResourceAsStream("/logs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static final String FAILING_TEST_LOG = "jackson-core-1309-surefire3.actions.log";

  long failingBuild(String sha, String log) {
    return rig.github.addActionsJob(RUN_ID, "build", sha, CheckRunUpdate.completed("failure", "Build failed", "1 test failed", null,
        List.of(new AnnotationInfo(".github", 1, 1, "failure", "Process completed with exit code 1.", null))), log);
  }

  // ---- payload variants of the real fixtures ----

  static CheckSuiteEvent suiteCompleted(Task task, String sha, String conclusion) {
    return WebhookPayloads.of("check_suite/completed.json").repository(REPO).installation(INSTALLATION)
        .set("/check_suite/head_sha", sha).set("/check_suite/head_branch", task.branch()).set("/check_suite/conclusion", conclusion)
        .set("/check_suite/app/slug", "github-actions")
        .set("/check_suite/pull_requests/0/number", task.prNumber())
        .set("/check_suite/pull_requests/0/head/sha", sha).set("/check_suite/pull_requests/0/head/ref", task.branch())
        .parse(CheckSuiteEvent.class);
  }

  static CheckRunEvent runCompleted(Task task, String sha, String name, String appSlug, String conclusion) {
    return WebhookPayloads.of("check_run/completed.2.json").repository(REPO).installation(INSTALLATION)
        .set("/check_run/head_sha", sha).set("/check_run/name", name).set("/check_run/conclusion", conclusion)
        .set("/check_run/app/slug", appSlug).set("/check_run/check_suite/head_branch", task.branch())
        .set("/check_run/check_suite/head_sha", sha)
        .set("/check_run/pull_requests/0/number", task.prNumber()).set("/check_run/pull_requests/0/head/sha", sha)
        .parse(CheckRunEvent.class);
  }

  static WorkflowRunEvent workflowCompleted(Task task, String sha, String conclusion) {
    // The published example has no pull requests (a push build): ACS finds the task by its branch.
    return WebhookPayloads.of("workflow_run/completed.json").repository(REPO).installation(INSTALLATION)
        .set("/workflow_run/id", RUN_ID).set("/workflow_run/head_sha", sha).set("/workflow_run/head_branch", task.branch())
        .set("/workflow_run/conclusion", conclusion)
        .parse(WorkflowRunEvent.class);
  }

  void deliver(CheckSuiteEvent e) {
    handler.onCheckSuite(e, PipelineRig.delivery("check_suite", "completed"));
  }

  void deliver(CheckRunEvent e) {
    handler.onCheckRun(e, PipelineRig.delivery("check_run", "completed"));
  }

  void deliver(WorkflowRunEvent e) {
    handler.onWorkflowRun(e, PipelineRig.delivery("workflow_run", "completed"));
  }

  List<String> prComments(Task task) {
    return rig.github.comments(task.prNumber()).stream().map(InMemoryRepoGitHub.Comment::body).toList();
  }

  long events(Task task, String kind) {
    return rig.tasks.events(task.id()).stream().filter(e -> e.kind().equals(kind)).count();
  }

  // ---- tests ----

  @Test
  void aFailingSuiteGetsOneRepairCommitHoweverManyEventsArrive() {
    Task task = rig.openPullRequest();
    String sha = task.headSha();
    int commitsBefore = rig.commits(task.branch()).size();
    long build = failingBuild(sha, log(FAILING_TEST_LOG));
    long lint = rig.github.addCheckRun("github-actions", "lint", sha, CheckRunUpdate.inProgress("Linting", ""));

    // The build's run is done, the lint still runs: wait for it.
    deliver(runCompleted(task, sha, "build", "github-actions", "failure"));
    assertThat(queue.queued()).isEmpty();

    rig.github.updateCheckRun(lint, CheckRunUpdate.completed("success", "Lint passed", "", null, List.of()));
    // Everything GitHub sends for the finished head, some twice, and ACS's own check run.
    deliver(runCompleted(task, sha, "lint", "github-actions", "success"));
    deliver(runCompleted(task, sha, "build", "github-actions", "failure"));
    deliver(suiteCompleted(task, sha, "failure"));
    deliver(suiteCompleted(task, sha, "failure"));
    deliver(workflowCompleted(task, sha, "failure"));
    deliver(runCompleted(task, sha, "ACS", "acs", "failure"));
    assertThat(queue.queued()).containsExactly("repairChecks #" + task.prNumber() + " @" + sha);

    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name before greeting; fixes NumberInputTest"));
    queue.runAll();

    Task after = rig.task(task.id());
    List<RevCommit> commits = rig.commits(task.branch());
    assertThat(commits).hasSize(commitsBefore + 1);
    RevCommit repair = commits.get(0);
    assertThat(repair.getShortMessage()).isEqualTo("Repair failing checks build (#" + task.issueNumber() + ")");
    assertThat(repair.getFullMessage()).contains("Acs-Task: " + task.id());
    assertThat(repair.getAuthorIdent().getName()).isEqualTo("acs[bot]");
    assertThat(rig.fileOn(task.branch(), GREETER)).contains("name.strip()");
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.headSha()).isEqualTo(repair.getName());
    assertThat(after.lastFailure()).contains("build").contains("looksLikeValidNumberTrue");
    // What the model saw: the failing test from the real log, the annotation, framed as untrusted.
    assertThat(rig.transcripts()).contains("NumberInputTest").contains("looksLikeValidNumberTrue")
        .contains("Process completed with exit code 1.").contains("UNTRUSTED FEEDBACK");
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("Repair attempt 1 of 3").contains(repair.getName().substring(0, 7))
        .contains("`build`"));
    assertThat(rig.github.checkRun(after.checkRunId()).headSha()).isEqualTo(repair.getName());
    assertThat(rig.github.checkRun(after.checkRunId()).name()).isEqualTo("ACS");
    assertThat(events(task, TaskRepairs.ATTEMPT_EVENT)).isEqualTo(1);

    // Late duplicates of the old head's events change nothing.
    deliver(suiteCompleted(task, sha, "failure"));
    queue.runAll();
    assertThat(queue.queued()).hasSize(1);
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore + 1);
    assertThat(rig.github.rerunRequests()).isEmpty();
    assertThat(build).isPositive();
  }

  @Test
  void eachNewFailureIsTheNextAttemptAndTheLimitEndsTheTaskFailedWithWhatWasTried() {
    Task task = rig.openPullRequest();
    int commitsBefore = rig.commits(task.branch()).size();
    String[][] edits = {
        {"name + \"!\"", "name.strip() + \"!\"", "Strip the name"},
        {"name.strip()", "name.trim()", "Trim instead of strip"},
        {"name.trim()", "String.valueOf(name).trim()", "Handle a null name"}};
    for (int attempt = 1; attempt <= 3; attempt++) {
      Task now = rig.task(task.id());
      rig.syncHead(now);
      failingBuild(now.headSha(), log(FAILING_TEST_LOG));
      rig.script(PipelineRig.editScript(edits[attempt - 1][0], edits[attempt - 1][1], edits[attempt - 1][2]));
      deliver(suiteCompleted(now, now.headSha(), "failure"));
      queue.runAll();
      Task after = rig.task(task.id());
      assertThat(after.attempts()).as("attempt %d", attempt).isEqualTo(attempt);
      assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
      assertThat(rig.commits(task.branch())).hasSize(commitsBefore + attempt);
      assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("Repair attempt " + rig.task(task.id()).attempts() + " of 3"));
    }

    Task last = rig.task(task.id());
    rig.syncHead(last);
    failingBuild(last.headSha(), log(FAILING_TEST_LOG));
    rig.script(PipelineRig.editScript("x", "y", "must not run"));
    deliver(suiteCompleted(last, last.headSha(), "failure"));
    queue.runAll();

    Task failed = rig.task(task.id());
    assertThat(failed.state()).isEqualTo(TaskState.FAILED);
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore + 3);
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c)
        .contains("I stopped repairing this pull request").contains("3 repair attempts (the limit, `max_attempts`")
        .contains("What I tried").contains("attempt 1: pushed").contains("Strip the name").contains("attempt 2: pushed")
        .contains("attempt 3: pushed").contains("Handle a null name")
        .contains("What still fails:** `build` (failing tests: com.fasterxml.jackson.core.io.NumberInputTest#looksLikeValidNumberTrue)")
        .contains("/acs fix"));

    // A failed task takes no more repairs from CI.
    failingBuild(last.headSha(), log(FAILING_TEST_LOG));
    deliver(suiteCompleted(failed, last.headSha(), "failure"));
    assertThat(queue.queued()).hasSize(4);
  }

  @Test
  void theAttemptLimitComesFromTheRepositorySettings() {
    rig.github.putFile("main", ".github/acs.yml", "max_attempts: 1\n");
    Task task = rig.openPullRequest();
    failingBuild(task.headSha(), log(FAILING_TEST_LOG));
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    deliver(suiteCompleted(task, task.headSha(), "failure"));
    queue.runAll();
    Task after = rig.task(task.id());
    assertThat(after.attempts()).isEqualTo(1);
    rig.syncHead(after);
    failingBuild(after.headSha(), log(FAILING_TEST_LOG));
    deliver(suiteCompleted(after, after.headSha(), "failure"));
    queue.runAll();
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.FAILED);
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("1 repair attempt (the limit"));
  }

  @Test
  void anInfrastructureFailureIsReRunOnceBeforeAnyCodeChange() {
    Task task = rig.openPullRequest();
    String sha = task.headSha();
    int commitsBefore = rig.commits(task.branch()).size();
    failingBuild(sha, log("sigkill-137.actions.log"));
    deliver(suiteCompleted(task, sha, "failure"));
    queue.runAll();

    assertThat(rig.github.rerunRequests()).containsExactly(RUN_ID);
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore);
    assertThat(rig.task(task.id()).attempts()).isZero();
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("re-ran the failed jobs (run " + RUN_ID + ") once").contains("SIGKILL"));

    // The re-run (new check run, same head) fails the same way: now ACS tries a change.
    failingBuild(sha, log("sigkill-137.actions.log"));
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Make the greeting cheaper"));
    deliver(suiteCompleted(task, sha, "failure"));
    queue.runAll();
    assertThat(rig.github.rerunRequests()).containsExactly(RUN_ID);
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore + 1);
    assertThat(rig.task(task.id()).attempts()).isEqualTo(1);
  }

  @Test
  void aCheckThatAlsoFailsOnTheBaseBranchIsNotThisPullRequestsFault() {
    Task task = rig.openPullRequest();
    int commitsBefore = rig.commits(task.branch()).size();
    rig.github.addActionsJob(6_000L, "build", rig.tip("main"), CheckRunUpdate.completed("failure", "Build failed", "", null, List.of()),
        log(FAILING_TEST_LOG));
    failingBuild(task.headSha(), log(FAILING_TEST_LOG));
    deliver(suiteCompleted(task, task.headSha(), "failure"));
    queue.runAll();

    assertThat(rig.commits(task.branch())).hasSize(commitsBefore);
    assertThat(rig.task(task.id()).attempts()).isZero();
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("`build` also fails on the head of `main`")
        .contains("I am not changing code for it"));
  }

  @Test
  void whenEveryCheckPassesTheDraftIsMarkedReadyOnce() {
    Task task = rig.openPullRequest();
    String sha = task.headSha();
    rig.github.addActionsJob(RUN_ID, "build", sha, CheckRunUpdate.completed("success", "Build passed", "", null, List.of()), "ok\n");
    rig.github.addCheckRun("codecov", "coverage", sha, CheckRunUpdate.completed("neutral", "Coverage", "", null, List.of()));
    deliver(suiteCompleted(task, sha, "success"));
    deliver(runCompleted(task, sha, "build", "github-actions", "success"));
    assertThat(queue.queued()).containsExactly("markReady #" + task.prNumber() + " @" + sha);
    queue.runAll();

    assertThat(rig.github.pullRequest(task.prNumber()).orElseThrow().draft()).isFalse();
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("All checks pass on " + sha.substring(0, 7))
        .contains("ready for review"));
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::summary).anySatisfy(s -> assertThat(s).startsWith("ready_for_review: allowed"));
  }

  @Test
  void aPersonsPushDuringARepairWinsAndTheirHeadIsNotRepairedUnlessAsked() {
    Task task = rig.openPullRequest();
    String sha = task.headSha();
    failingBuild(sha, log(FAILING_TEST_LOG));
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    String[] bobs = new String[1];
    // Right after ACS fetched the branch for its repair, Bob pushes a change to the same line.
    rig.git.afterNextFetch(() -> bobs[0] = rig.humanPush(task.branch(), GREETER,
        "package demo;\n\npublic class Greeter {\n  public String greet(String name) {\n    return \"Hi, \" + name + \"!\";\n  }\n}\n",
        "Bob prefers Hi"));
    deliver(suiteCompleted(task, sha, "failure"));
    queue.runAll();

    assertThat(bobs[0]).isNotNull();
    assertThat(rig.tip(task.branch())).as("ACS never pushes over a person's commit").isEqualTo(bobs[0]);
    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(after.humanHeadSha()).isEqualTo(bobs[0]);
    assertThat(after.headSha()).isEqualTo(sha);
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("Their commits win").contains("/acs fix")
        .contains(bobs[0].substring(0, 7) + " by Bob Human: Bob prefers Hi"));
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::summary).anySatisfy(s -> assertThat(s).startsWith("REJECTED_BY_HUMAN_PUSH"));

    // GitHub tells ACS about Bob's push; ACS records who pushed.
    rig.syncHead(after);
    PullRequestEvent sync = WebhookPayloads.of("pull_request/synchronize.json").repository(REPO).installation(INSTALLATION)
        .sender("bob", "User").set("/number", task.prNumber()).set("/pull_request/number", task.prNumber())
        .set("/pull_request/head/sha", bobs[0]).set("/pull_request/head/ref", task.branch())
        .parse(PullRequestEvent.class);
    new RecordHumanPush(rig.services).onSynchronize(sync, PipelineRig.delivery("pull_request", "synchronize"));
    assertThat(rig.task(task.id()).humanPushedBy()).isEqualTo("bob");

    // Checks fail on Bob's head: ACS does not repair it, and says how to ask.
    failingBuild(bobs[0], log(FAILING_TEST_LOG));
    deliver(suiteCompleted(after, bobs[0], "failure"));
    assertThat(queue.queued()).hasSize(1);
    assertThat(prComments(task)).anySatisfy(c -> assertThat(c).contains("which @bob pushed").contains("`/acs fix`"));
  }

  @Test
  void aStopWhileARepairRunsIsNoticedBeforeThePush() {
    Task task = rig.openPullRequest();
    String sha = task.headSha();
    failingBuild(sha, log(FAILING_TEST_LOG));
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    // `/acs stop` lands (on another node) while the repair is working.
    rig.git.afterNextFetch(() -> rig.tasks.transition(task.id(), TaskState.STOPPED, "stopped by @alice"));
    deliver(suiteCompleted(task, sha, "failure"));
    queue.runAll();

    assertThat(rig.tip(task.branch())).isEqualTo(sha);
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::kind).contains("stop");
  }

  @Test
  void theRepairRunsAsADurableJobOnTheTaskDatabase() {
    Task task = rig.openPullRequest();
    int commitsBefore = rig.commits(task.branch()).size();
    failingBuild(task.headSha(), log(FAILING_TEST_LOG));
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    JobTargets targets = new JobTargets().register(TaskRepairs.class, rig.repairs);
    try (Jobs jobs = Jobs.open(rig.db.dataSource(), targets, new Jobs.Settings(1, Duration.ofSeconds(5), 0, 3, true)).startProcessing()) {
      RepairFromFailedChecks durable = new RepairFromFailedChecks(rig.services, new JobRepairQueue(jobs, new JobTaskQueue(jobs, rig.tasks)));
      durable.onCheckSuite(suiteCompleted(task, task.headSha(), "failure"), PipelineRig.delivery("check_suite", "completed"));
      assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).startsWith("repair checks of #" + task.prNumber() + " queued as job"));
      await().atMost(Duration.ofSeconds(90)).until(() -> rig.commits(task.branch()).size() == commitsBefore + 1
          && rig.task(task.id()).state() == TaskState.PR_OPEN);
    }
    assertThat(rig.task(task.id()).attempts()).isEqualTo(1);
    assertThat(rig.fileOn(task.branch(), GREETER)).contains("name.strip()");
  }
}
