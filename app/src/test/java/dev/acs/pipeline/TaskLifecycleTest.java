package dev.acs.pipeline;

import static dev.acs.pipeline.PipelineRig.GREETER;
import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.PLAN_AND_EDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.acs.github.GitHubException;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.JobTargets;
import dev.acs.task.Jobs;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.task.TransientFault;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task's life when production is not the happy path, with real parts ({@link PipelineRig}: a
 * JGit HTTP server, a real database, the replay model): racing triggers, transient GitHub errors,
 * interrupted and crashed jobs, restarts after an ending, checks that finish early, a merge
 * mid-repair. Work is held in a queue (as the durable queue holds it) and run when the test says.
 */
class TaskLifecycleTest {
  /** A model run that must not happen: if the model were asked, the greeting would say WRONG. */
  static final String NO_MODEL = PipelineRig.editScript("return", "return \"WRONG\" + ", "must not run");

  @TempDir Path tmp;
  PipelineRig rig;
  HeldTasks held;
  StartTask start;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    held = new HeldTasks(rig.pipeline);
    start = new StartTask(rig.services, held);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  /** Work started by triggers, held until the test runs it, like jobs waiting in the durable queue. */
  static final class HeldTasks implements TaskQueue {
    private final TaskPipeline pipeline;
    final List<Runnable> work = new ArrayList<>();
    final List<String> queued = new ArrayList<>();
    private Runnable last;

    HeldTasks(TaskPipeline pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public synchronized void plan(String taskId, Requester who, boolean implementAfter) {
      queued.add("plan");
      work.add(() -> pipeline.plan(taskId, who.toJobArgument(), implementAfter));
    }

    @Override
    public synchronized void implement(String taskId, Requester who) {
      queued.add("implement");
      work.add(() -> pipeline.implement(taskId, who.toJobArgument()));
    }

    @Override
    public int cancel(String taskId) {
      return 0;
    }

    void runAll() {
      List<Runnable> now;
      synchronized (this) {
        now = new ArrayList<>(work);
        work.clear();
      }
      for (Runnable r : now) {
        last = r;
        r.run();
      }
    }

    /** The queue's retry of the last job run (same arguments). */
    void retryLast() {
      last.run();
    }
  }

  int newIssue() {
    return rig.github.addIssue("Greet politely", "Please add a comma and an exclamation mark.", "alice", "autocode");
  }

  Task trigger(int issue, String login) {
    return start.start(rig.github, INSTALLATION, issue, "Greet politely", PipelineRig.requester(login), true);
  }

  List<String> bodies(int issueOrPr) {
    return rig.github.comments(issueOrPr).stream().map(InMemoryRepoGitHub.Comment::body).toList();
  }

  long count(List<String> bodies, String text) {
    return bodies.stream().filter(b -> b.contains(text)).count();
  }

  Task taskOf(int issue) {
    return rig.tasks.findByIssue(rig.repo, issue).orElseThrow();
  }

  List<RepoGitHub.CheckRunInfo> acsCheckRuns(String sha) {
    return rig.github.checkRunsForRef(sha).stream().filter(c -> c.name().equals("ACS")).toList();
  }

  // ---- one run per task ----

  @Test
  void racingTriggersQueueOneRunAndGetOneAlreadyWorkingAnswer() throws Exception {
    int issue = newIssue();
    rig.script(PLAN_AND_EDIT);
    // The label, `/acs implement`, a second label and a redelivered event, all at once.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Task>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String who = i % 2 == 0 ? "alice" : "bob";
      all.add(pool.submit(() -> {
        go.await();
        return trigger(issue, who);
      }));
    }
    go.countDown();
    int started = 0;
    for (Future<Task> f : all) {
      started += f.get(60, TimeUnit.SECONDS) == null ? 0 : 1;
    }
    pool.shutdown();

    assertThat(started).isEqualTo(1);
    assertThat(held.queued).containsExactly("plan");
    assertThat(count(bodies(issue), "I am already working on this issue")).isEqualTo(1);

    held.runAll();
    // A delivery processed twice after the work is done: its job ends quietly.
    rig.pipeline.plan(taskOf(issue).id(), PipelineRig.requester("alice").toJobArgument(), true);

    Task task = taskOf(issue);
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.github.pullRequests()).hasSize(1);
    assertThat(count(bodies(issue), "### ACS plan")).isEqualTo(1);
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::kind).doesNotContain("error");
    // A trigger on the task with its pull request open is answered, not run.
    assertThat(trigger(issue, "alice")).isNull();
    assertThat(held.queued).hasSize(1);
    assertThat(count(bodies(issue), "I am already working on this issue")).isEqualTo(1);
    assertThat(bodies(issue)).anySatisfy(b -> assertThat(b).contains("already working").contains("pull request #" + task.prNumber()));
  }

  @Test
  void twoApprovalsImplementOnce() {
    int issue = newIssue();
    rig.script(PLAN_AND_EDIT);
    // `/acs plan`: a plan only, which waits for a person.
    start.start(rig.github, INSTALLATION, issue, "Greet politely", PipelineRig.requester("alice"), false);
    held.runAll();
    Task planned = taskOf(issue);
    assertThat(planned.state()).isEqualTo(TaskState.PLANNED);

    assertThat(start.approve(rig.github, planned, PipelineRig.requester("alice"))).isTrue();
    assertThat(start.approve(rig.github, planned, PipelineRig.requester("bob"))).isFalse();
    assertThat(held.queued).containsExactly("plan", "implement");
    assertThat(count(bodies(issue), "I am already working on this issue")).isEqualTo(1);
  }

  @Test
  void twoRepairsOfOneTaskNeverRunAtOnce() throws Exception {
    Task task = rig.openPullRequest();
    int commitsBefore = rig.commits(task.branch()).size();
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    // Two `/acs fix` jobs start together on two workers (or two nodes).
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Throwable>> jobs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long commentId = 900 + i;
      jobs.add(pool.submit(() -> {
        go.await();
        return catchThrowable(() -> rig.repairs.fix(task.id(), task.prNumber(), "strip the name", commentId,
            PipelineRig.requester("alice").toJobArgument()));
      }));
    }
    go.countDown();
    List<Throwable> outcomes = new ArrayList<>();
    for (Future<Throwable> f : jobs) {
      outcomes.add(f.get(120, TimeUnit.SECONDS));
    }
    pool.shutdown();

    // Either the second waited for the queue's retry (busy), or it ran after the first: one change either way.
    assertThat(outcomes).allSatisfy(t -> assertThat(t).satisfiesAnyOf(
        x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(TaskRepairs.TaskBusy.class)));
    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.commits(task.branch()).size()).isBetween(commitsBefore + 1, commitsBefore + 2);
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::kind).doesNotContain("error");
    assertThat(after.leaseOwner()).isNull();
  }

  @Test
  void aRepairJobFindingTheTaskHeldRetriesLaterAndChangesNothing() {
    Task task = rig.openPullRequest();
    int commitsBefore = rig.commits(task.branch()).size();
    assertThat(rig.tasks.takeLease(task.id(), "run:another-node")).isPresent();
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));

    assertThatThrownBy(() -> rig.repairs.fix(task.id(), task.prNumber(), "strip", 1L, PipelineRig.requester("alice").toJobArgument()))
        .isInstanceOf(TaskRepairs.TaskBusy.class);
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore);
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);

    rig.tasks.releaseLease(task.id(), "run:another-node");
    rig.repairs.fix(task.id(), task.prNumber(), "strip", 1L, PipelineRig.requester("alice").toJobArgument());
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore + 1);
  }

  // ---- transient faults, interruptions, resume ----

  @Test
  void aTransient502WaitsAndTheRetriedJobResumesWithoutRepeatingAnySideEffect() {
    int issue = newIssue();
    rig.faults.failNext("openDraftPullRequest", new GitHubException(502, "open pull request: GitHub answered 502 Bad Gateway", null));
    rig.script(PLAN_AND_EDIT);
    trigger(issue, "alice");

    Throwable first = catchThrowable(held::runAll);
    assertThat(first).isInstanceOf(TransientFault.class).hasMessageContaining("502");
    Task waiting = taskOf(issue);
    assertThat(waiting.state()).isEqualTo(TaskState.IMPLEMENTING);
    assertThat(waiting.leaseOwner()).as("the lease is let go for the retry").isNull();
    assertThat(waiting.headSha()).isEqualTo(rig.tip(waiting.branch()));
    assertThat(rig.github.checkRun(waiting.checkRunId()).status()).isEqualTo("in_progress");
    assertThat(rig.github.checkRun(waiting.checkRunId()).outputTitle()).contains("Waiting to retry").contains("502");
    assertThat(bodies(issue)).noneSatisfy(b -> assertThat(b).contains("stopped working"));
    int commits = rig.commits(waiting.branch()).size();

    // The queue's retry: the model must not be asked again, nothing is pushed or created twice.
    rig.script(NO_MODEL);
    held.retryLast();

    Task done = taskOf(issue);
    assertThat(done.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.commits(done.branch())).hasSize(commits);
    assertThat(rig.github.pullRequests()).hasSize(1);
    assertThat(acsCheckRuns(done.headSha())).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo("completed");
      assertThat(c.conclusion()).isEqualTo("success");
    });
    assertThat(count(bodies(issue), "### ACS plan")).isEqualTo(1);
    assertThat(count(bodies(issue), "opened a draft pull request")).isEqualTo(1);
    assertThat(rig.tasks.events(done.id())).extracting(TaskEvent::kind).contains("waiting", "resume").doesNotContain("error");
    assertThat(done.waits()).isZero();
    assertThat(rig.fileOn(done.branch(), GREETER)).doesNotContain("WRONG");
  }

  @Test
  void aStopWhileTheJobWaitsCompletesTheCheckRunWhenTheRetryComes() {
    int issue = newIssue();
    rig.faults.failNext("openDraftPullRequest", new GitHubException(502, "open pull request: GitHub answered 502", null));
    rig.script(PLAN_AND_EDIT);
    trigger(issue, "alice");
    catchThrowable(held::runAll);
    Task waiting = taskOf(issue);
    assertThat(rig.github.checkRun(waiting.checkRunId()).status()).isEqualTo("in_progress");

    rig.tasks.transition(waiting.id(), TaskState.STOPPED, "stopped by @alice"); // `/acs stop` on another node
    rig.script(NO_MODEL);
    held.retryLast();

    Task stopped = taskOf(issue);
    assertThat(stopped.state()).isEqualTo(TaskState.STOPPED);
    assertThat(rig.github.pullRequests()).isEmpty();
    RepoGitHub.CheckRunInfo check = rig.github.checkRun(waiting.checkRunId());
    assertThat(check.status()).isEqualTo("completed");
    assertThat(check.conclusion()).isEqualTo("cancelled");
  }

  @Test
  void anInterruptedJobIsRescheduledNotFailed() {
    int issue = newIssue();
    // What GitHubHttp does when the job's thread is interrupted (SIGTERM, redeploy) mid-call.
    rig.faults.before("createCheckRun", args -> Thread.currentThread().interrupt());
    rig.faults.failNext("createCheckRun", new GitHubException(-1, "create check run: interrupted", new InterruptedException()));
    rig.script(PLAN_AND_EDIT);
    trigger(issue, "alice");

    Throwable thrown = catchThrowable(held::runAll);
    boolean flagged = Thread.interrupted(); // the job's thread stays interrupted; clear it for the rest of the test
    assertThat(flagged).isTrue();
    assertThat(thrown).isInstanceOfSatisfying(TransientFault.class, t -> assertThat(t.interrupted()).isTrue());
    Task task = taskOf(issue);
    assertThat(task.state()).isEqualTo(TaskState.IMPLEMENTING);
    assertThat(task.lastFailure()).isNull();
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::kind).contains("interrupted").doesNotContain("error");
    assertThat(bodies(issue)).noneSatisfy(b -> assertThat(b).contains("stopped working"));

    rig.faults.before("createCheckRun", args -> { });
    rig.script(NO_MODEL);
    held.retryLast();
    assertThat(taskOf(issue).state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.github.pullRequests()).hasSize(1);
  }

  @Test
  void theDurableQueueReschedulesAnInterruptedJobAndItsRetryOpensThePullRequest() {
    int issue = newIssue();
    AtomicBoolean once = new AtomicBoolean();
    rig.faults.before("createCheckRun", args -> {
      if (once.compareAndSet(false, true)) {
        Thread.currentThread().interrupt(); // the node is stopping: JobRunr interrupts its workers
      }
    });
    rig.faults.failNext("createCheckRun", new GitHubException(-1, "create check run: interrupted", new InterruptedException()));
    rig.script(PLAN_AND_EDIT);
    JobTargets targets = new JobTargets().register(TaskPipeline.class, rig.pipeline);
    try (Jobs jobs = Jobs.open(rig.db.dataSource(), targets, new Jobs.Settings(1, Duration.ofSeconds(5), 3, 2, true)).startProcessing()) {
      StartTask durable = new StartTask(rig.services, new JobTaskQueue(jobs, rig.tasks));
      durable.start(rig.github, INSTALLATION, issue, "Greet politely", PipelineRig.requester("alice"), true);
      await().atMost(Duration.ofSeconds(120)).until(() -> taskOf(issue).state() == TaskState.PR_OPEN);
    }
    Task done = taskOf(issue);
    assertThat(rig.github.pullRequests()).hasSize(1);
    assertThat(acsCheckRuns(done.headSha())).hasSize(1);
    assertThat(rig.commits(done.branch()).get(0).getName()).isEqualTo(done.headSha());
    assertThat(rig.commits(done.branch()).get(1).getName()).as("one ACS commit on the base").isEqualTo(rig.tip("main"));
    assertThat(rig.tasks.events(done.id())).extracting(TaskEvent::kind).contains("interrupted", "resume").doesNotContain("error");
  }

  @Test
  void aTaskLeftImplementingByADeadNodeIsTakenOverByTheNextTrigger() throws Exception {
    int issue = newIssue();
    rig.faults.failNext("openDraftPullRequest", new GitHubException(503, "open pull request: GitHub answered 503", null));
    rig.script(PLAN_AND_EDIT);
    trigger(issue, "alice");
    catchThrowable(held::runAll);
    Task stuck = taskOf(issue);
    assertThat(stuck.state()).isEqualTo(TaskState.IMPLEMENTING);

    // A node took it and died (SIGKILL): its lease stands until it expires.
    holdLease(stuck.id(), "run:dead-node", Instant.now().plusSeconds(600));
    assertThat(trigger(issue, "alice")).as("busy while the lease lasts").isNull();
    assertThat(count(bodies(issue), "I am already working on this issue")).isEqualTo(1);
    rig.script(NO_MODEL);
    assertThatThrownBy(held::retryLast).as("a retried job waits for the queue's next retry").isInstanceOf(TaskRepairs.TaskBusy.class);
    assertThat(taskOf(issue).state()).isEqualTo(TaskState.IMPLEMENTING);

    // Once the lease has expired, the queue's retry of the job takes the task over and finishes it.
    holdLease(stuck.id(), "run:dead-node", Instant.now().minusSeconds(1));
    held.retryLast();

    Task done = taskOf(issue);
    assertThat(done.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.github.pullRequests()).hasSize(1);
    assertThat(acsCheckRuns(done.headSha())).hasSize(1);
    assertThat(rig.fileOn(done.branch(), GREETER)).doesNotContain("WRONG");
    assertThat(rig.tasks.events(done.id())).extracting(TaskEvent::summary)
        .anySatisfy(s -> assertThat(s).contains("took over the task from a run whose lease expired"));
  }

  @Test
  void aTriggerTakesOverATaskLeftImplementingWhenNoJobIsLeft() throws Exception {
    int issue = newIssue();
    rig.faults.failNext("openDraftPullRequest", new GitHubException(503, "open pull request: GitHub answered 503", null));
    rig.script(PLAN_AND_EDIT);
    trigger(issue, "alice");
    catchThrowable(held::runAll);
    // The queue gave up on the job (its retries used up) and the node that held the task died.
    holdLease(taskOf(issue).id(), "run:dead-node", Instant.now().minusSeconds(1));

    rig.script(NO_MODEL);
    assertThat(trigger(issue, "bob")).isNotNull();
    assertThat(held.queued).containsExactly("plan", "implement");
    held.runAll();
    Task done = taskOf(issue);
    assertThat(done.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.github.pullRequests()).hasSize(1);
    assertThat(rig.fileOn(done.branch(), GREETER)).doesNotContain("WRONG");
  }

  void holdLease(String taskId, String owner, Instant until) throws Exception {
    try (Connection c = rig.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE tasks SET lease_owner = ?, lease_until = ? WHERE id = ?")) {
      ps.setString(1, owner);
      ps.setTimestamp(2, Timestamp.from(until));
      ps.setString(3, taskId);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void aPermanentErrorEndsTheTaskFailedNamingTheCauseAndCompletesTheCheckRun() {
    int issue = newIssue();
    rig.faults.failNext("openDraftPullRequest", new GitHubException(422, "open pull request: GitHub answered 422: Validation Failed (base is invalid)", null));
    rig.script(PLAN_AND_EDIT);
    trigger(issue, "alice");
    held.runAll();

    Task failed = taskOf(issue);
    assertThat(failed.state()).isEqualTo(TaskState.FAILED);
    assertThat(bodies(issue)).anySatisfy(b -> assertThat(b).contains("ACS stopped working on this issue").contains("422").contains("base is invalid"));
    RepoGitHub.CheckRunInfo check = rig.github.checkRun(failed.checkRunId());
    assertThat(check.status()).isEqualTo("completed");
    assertThat(check.conclusion()).isEqualTo("failure");
    assertThat(check.outputSummary()).contains("base is invalid");
    assertThat(failed.leaseOwner()).isNull();
  }

  // ---- starting again ----

  @ParameterizedTest
  @EnumSource(value = TaskState.class, names = {"FAILED", "DONE"})
  void startingAgainAfterAnEndingIsCleanFromTheDefaultBranch(TaskState ending) {
    Task first = rig.openPullRequest();
    RevCommit oldCommit = rig.commits(first.branch()).get(0);
    rig.tasks.set(first.id(), "attempts", 3);
    rig.tasks.transition(first.id(), ending, "ended for the test");
    // The default branch moved on meanwhile.
    String mainTip = rig.humanPush("main", "README.md", "# greeter\n\nNow with docs.\n", "Docs");

    rig.script(PipelineRig.PLAN_AND_EDIT);
    Task again = rig.start.start(rig.github, INSTALLATION, first.issueNumber(), first.title(), PipelineRig.requester("alice"), true);
    assertThat(again).isNotNull();

    Task task = rig.task(first.id());
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.attempts()).isZero();
    assertThat(task.branch()).isNotEqualTo(first.branch()).startsWith(first.branch());
    assertThat(task.prNumber()).isNotEqualTo(first.prNumber());
    assertThat(task.checkRunId()).isNotEqualTo(first.checkRunId());
    assertThat(task.headSha()).isNotEqualTo(first.headSha());
    List<RevCommit> commits = rig.commits(task.branch());
    assertThat(commits.get(1).getName()).as("the new branch starts at the default branch's tip").isEqualTo(mainTip);
    assertThat(commits).extracting(RevCommit::getName).doesNotContain(oldCommit.getName());
    assertThat(rig.fileOn(task.branch(), GREETER)).contains("Hello, ");
  }

  // ---- checks at PR_OPEN, endings ----

  @Test
  void checksThatCompletedWhileACSPublishedAreLookedAtOnceAtPrOpen() {
    QueuedRepairs repairs = new QueuedRepairs(rig.repairs);
    TaskPipeline pipeline = new TaskPipeline(rig.services, repairs);
    HeldTasks queue = new HeldTasks(pipeline);
    StartTask starter = new StartTask(rig.services, queue);
    // CI on the pushed head finishes (green) before ACS has opened the pull request: its events found no PR.
    rig.faults.before("openDraftPullRequest", args -> rig.github.addCheckRun("github-actions", "build",
        rig.tip((String) args[1]), CheckRunUpdate.completed("success", "Build passed", "", null, List.of())));
    int issue = newIssue();
    rig.script(PLAN_AND_EDIT);
    starter.start(rig.github, INSTALLATION, issue, "Greet politely", PipelineRig.requester("alice"), true);
    queue.runAll();

    Task task = taskOf(issue);
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(repairs.queued()).containsExactly("markReady #" + task.prNumber() + " @" + task.headSha());
    rig.syncHead(task);
    repairs.runAll();
    assertThat(rig.github.pullRequest(task.prNumber()).orElseThrow().draft()).isFalse();

    // A repeated job does not look again.
    pipeline.plan(task.id(), PipelineRig.requester("alice").toJobArgument(), true);
    assertThat(repairs.queued()).hasSize(1);
  }

  @Test
  void aRepairThatFindsThePullRequestMergedEndsQuietly() {
    Task task = rig.openPullRequest();
    String sha = task.headSha();
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    // Someone merges the pull request while the repair works (EndTaskWithPullRequest moves the task DONE).
    rig.git.afterNextFetch(() -> {
      rig.github.closePullRequest(task.prNumber());
      rig.tasks.transition(task.id(), TaskState.DONE, "pull request merged by @bob");
    });
    rig.repairs.fix(task.id(), task.prNumber(), "strip the name", 5L, PipelineRig.requester("alice").toJobArgument());

    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.DONE);
    assertThat(rig.tip(task.branch())).isEqualTo(sha);
    assertThat(bodies(task.prNumber())).noneSatisfy(b -> assertThat(b).contains("could not finish"));
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::kind).doesNotContain("error");
  }

  @Test
  void aPermanentErrorInARepairOfAPullRequestClosedMeanwhileIsNoFailure() {
    Task task = rig.openPullRequest();
    // The pull request is closed while the repair works; then a call fails for good.
    rig.faults.before("issue", args -> rig.github.closePullRequest(task.prNumber()));
    rig.faults.failNext("issue", new GitHubException(410, "read issue: GitHub answered 410 Gone", null));
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    rig.repairs.fix(task.id(), task.prNumber(), "strip the name", 6L, PipelineRig.requester("alice").toJobArgument());

    assertThat(rig.task(task.id()).state()).isNotEqualTo(TaskState.FAILED);
    assertThat(bodies(task.prNumber())).noneSatisfy(b -> assertThat(b).contains("could not finish"));
    assertThat(rig.tasks.events(task.id())).extracting(TaskEvent::summary).anySatisfy(s -> assertThat(s).contains("no longer open"));
  }
}
