package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import dev.acs.testing.ConversationModelStub;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TestDatabases;
import dev.acs.testing.GitHubFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10's proof: a real {@code acs serve} process killed (SIGKILL) at named points of a task's
 * life, found from outside — an answer of the WireMock GitHub or model held back while the
 * process waits for it (the side effect happened; the process never learns it), a push held in
 * the JGit server after it updated the branch — then restarted on the same database and work
 * directory; the task must end where it should, with exactly one of every side effect. Also:
 * SIGTERM mid-task, 20 concurrent triggers, GitHub answering 502 or a secondary rate limit for
 * 60 s, the model answering 429 for 60 s, PostgreSQL stopped for 10 s. On an H2 file and on
 * PostgreSQL. Slow (a restart waits for JobRunr to find the dead node's jobs): tagged {@code
 * faults}, run with {@code ./mvnw -o verify -Pfaults} (see docs/reliability.md).
 */
@Tag("faults")
class FaultInjectionTest {
  private static final Duration HOLD = Duration.ofSeconds(120);
  private static final Duration SETTLE = Duration.ofSeconds(180);
  /** After a kill: the dead node's job is found orphaned, its task lease expires (20 s here), the job retried. */
  private static final Duration TAKEOVER = Duration.ofSeconds(75);

  @TempDir Path tmp;
  private String label = "scenario";

  @org.junit.jupiter.api.BeforeEach
  void name(org.junit.jupiter.api.TestInfo info) {
    label = info.getDisplayName();
  }

  private FaultRig rig(TestDatabases.Kind kind, boolean ownPostgres) throws Exception {
    FaultRig rig = new FaultRig(tmp, kind, ownPostgres);
    rigs.add(rig);
    return rig;
  }

  private final List<FaultRig> rigs = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void keepLogs() throws Exception {
    for (FaultRig r : rigs) {
      r.keepLogs(label);
    }
  }

  /** Where in the task's life a kill point is: the first run, the repair of failing CI, or marking the PR ready. */
  enum Stage {
    ISSUE,
    REPAIR,
    READY
  }

  /** A named point: how to hold the process there (from outside), and in which stage. */
  record KillPoint(String name, Stage stage, Arm arm) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A hold installed in the rig: {@code reached} once the process waits there; {@code release} ends it. */
  record Hold(BooleanSupplier reached, Runnable release) {}

  @FunctionalInterface
  interface Arm {
    Hold install(FaultRig rig) throws Exception;
  }

  static Arm model(StringValuePattern body) {
    return rig -> {
      int before = rig.model.requestsMatching(body);
      UUID id = rig.model.holdAnswers(body, HOLD);
      return new Hold(() -> rig.model.requestsMatching(body) > before, () -> rig.model.removeHold(id));
    };
  }

  static Arm github(String route, String method, String pathRegex, String bodyContains) {
    return github(route, method, pathRegex, bodyContains, HOLD);
  }

  /**
   * As above with a hold of {@code hold}: a hold's delay is fixed when the request arrives, so a
   * scenario that goes on after it (rather than killing the process) holds only briefly.
   */
  static Arm github(String route, String method, String pathRegex, String bodyContains, Duration hold) {
    return rig -> {
      RequestPatternBuilder seen = new RequestPatternBuilder(RequestMethod.fromString(method), urlPathMatching(pathRegex));
      if (!bodyContains.isEmpty()) {
        seen = seen.withRequestBody(containing(bodyContains));
      }
      RequestPatternBuilder pattern = seen;
      int before = rig.github.wireMock().findAll(pattern).size();
      UUID id = rig.github.holdAnswers(route, bodyContains, hold);
      return new Hold(() -> rig.github.wireMock().findAll(pattern).size() > before, () -> rig.github.removeHold(id));
    };
  }

  static Arm push() {
    return rig -> {
      AtomicBoolean reached = new AtomicBoolean();
      CountDownLatch release = new CountDownLatch(1);
      rig.git.afterNextPush(() -> {
        reached.set(true);
        try {
          release.await(HOLD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      return new Hold(reached::get, release::countDown);
    };
  }

  private static final String NOT_REACHED = " [point never reached]";
  private static final String ISSUE_COMMENTS = "/repos/.*/issues/[0-9]+/comments";

  static List<KillPoint> killPoints() {
    return List.of(
        new KillPoint("plan model call", Stage.ISSUE, model(ConversationModelStub.offering("submit_plan"))),
        new KillPoint("plan comment posted", Stage.ISSUE, github("createComment", "POST", ISSUE_COMMENTS, "<!-- acs:plan -->")),
        new KillPoint("implementation model call", Stage.ISSUE, model(ConversationModelStub.offering("edit_file"))),
        new KillPoint("branch pushed", Stage.ISSUE, push()),
        new KillPoint("pull request created", Stage.ISSUE, github("createPull", "POST", "/repos/.*/pulls", "")),
        new KillPoint("ACS check run created", Stage.ISSUE, github("createCheckRun", "POST", "/repos/.*/check-runs", "\"ACS\"")),
        new KillPoint("ACS check run completed", Stage.ISSUE, github("updateCheckRun", "PATCH", "/repos/.*/check-runs/[0-9]+", "conclusion")),
        new KillPoint("pull request linked on the issue", Stage.ISSUE, github("createComment", "POST", ISSUE_COMMENTS, "<!-- acs:pr -->")),
        new KillPoint("plan comment edited", Stage.ISSUE, github("editComment", "PATCH", "/repos/.*/issues/comments/[0-9]+", "Implemented in")),
        new KillPoint("repair model call", Stage.REPAIR, model(containing(FaultRig.REPAIR_MARK))),
        new KillPoint("repair pushed", Stage.REPAIR, push()),
        new KillPoint("repair check run created", Stage.REPAIR, github("createCheckRun", "POST", "/repos/.*/check-runs", "\"ACS\"")),
        new KillPoint("repair comment posted", Stage.REPAIR, github("createComment", "POST", ISSUE_COMMENTS, "<!-- acs:repair -->")),
        new KillPoint("marked ready for review", Stage.READY, github("graphql", "POST", "/graphql", "markPullRequestReadyForReview")));
  }

  static Stream<Arguments> killPointsOnBothDatabases() {
    return killPoints().stream().flatMap(p -> Stream.of(TestDatabases.Kind.values()).map(k -> Arguments.of(p, k)))
        .filter(FaultInjectionTest::chosen);
  }

  /** {@code -Dacs.faults.only=TEXT} runs only the scenarios whose name and database contain TEXT (while working on one). */
  private static boolean chosen(Arguments a) {
    String only = System.getProperty("acs.faults.only", "");
    return (a.get()[0] + " on " + a.get()[1]).contains(only);
  }

  @ParameterizedTest(name = "SIGKILL at {0} on {1}")
  @MethodSource("killPointsOnBothDatabases")
  void killedAtANamedPointTheTaskEndsWhereItShouldWithOneOfEverySideEffect(KillPoint point, TestDatabases.Kind kind) throws Exception {
    try (FaultRig rig = rig(kind, false)) {
      rig.start();
      if (point.stage() != Stage.ISSUE) {
        assertThat(rig.deliverLabeled()).isEqualTo(202);
        if (!rig.awaitSettled(SETTLE, Duration.ZERO, settledFor(rig, Stage.ISSUE)) || rig.errorCommented()) {
          assertThat(rig.serve.stop()).isTrue();
          report(rig, "SIGKILL at " + point.name() + NOT_REACHED, kind, false, expectedFor(point.stage()));
        }
      }
      Hold hold = point.arm().install(rig);
      trigger(rig, point.stage());
      boolean reached = awaitReached(rig, hold);
      rig.serve.kill();
      hold.release().run();
      if (!reached) {
        report(rig, "SIGKILL at " + point.name() + NOT_REACHED, kind, false, expectedFor(point.stage()));
      }
      rig.start();
      boolean settled = rig.awaitSettled(SETTLE, TAKEOVER, settledFor(rig, point.stage()));
      assertThat(rig.serve.stop()).isTrue();
      report(rig, "SIGKILL at " + point.name(), kind, settled, expectedFor(point.stage()));
    }
  }

  @ParameterizedTest(name = "SIGTERM mid-task on {0}")
  @EnumSource(TestDatabases.Kind.class)
  void sigtermMidTaskReschedulesTheWorkInsteadOfFailingIt(TestDatabases.Kind kind) throws Exception {
    try (FaultRig rig = rig(kind, false)) {
      rig.start();
      Hold hold = model(ConversationModelStub.offering("edit_file")).install(rig);
      assertThat(rig.deliverLabeled()).isEqualTo(202);
      boolean reached = awaitReached(rig, hold);
      boolean stopped = rig.serve.stop();
      hold.release().run();
      assertThat(reached && stopped).as("reached the implementation and stopped on SIGTERM").isTrue();
      rig.start();
      boolean settled = rig.awaitSettled(SETTLE, TAKEOVER, settledFor(rig, Stage.ISSUE));
      assertThat(rig.serve.stop()).isTrue();
      report(rig, "SIGTERM mid-task", kind, settled, expectedFor(Stage.ISSUE));
    }
  }

  @ParameterizedTest(name = "20 concurrent triggers on {0}")
  @EnumSource(TestDatabases.Kind.class)
  void twentyConcurrentTriggersOfOneIssueMakeOneRun(TestDatabases.Kind kind) throws Exception {
    try (FaultRig rig = rig(kind, false)) {
      rig.start();
      ExecutorService pool = Executors.newFixedThreadPool(20);
      List<Future<Integer>> sent = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        sent.add(pool.submit(() -> {
          go.await();
          return rig.deliverLabeled();
        }));
      }
      go.countDown();
      for (Future<Integer> f : sent) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(202);
      }
      pool.shutdown();
      boolean settled = rig.awaitSettled(SETTLE, Duration.ofSeconds(20), settledFor(rig, Stage.ISSUE));
      assertThat(rig.serve.stop()).isTrue();
      report(rig, "20 concurrent triggers", kind, settled, expectedFor(Stage.ISSUE));
    }
  }

  /** How GitHub misbehaves for a minute, from the moment the plan comment is posted. */
  enum GitHubFault {
    BAD_GATEWAY(502, "Server Error"),
    SECONDARY_RATE_LIMIT(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");

    final int status;
    final String message;

    GitHubFault(int status, String message) {
      this.status = status;
      this.message = message;
    }
  }

  static Stream<Arguments> githubFaultsOnBothDatabases() {
    return Stream.of(GitHubFault.values()).flatMap(f -> Stream.of(TestDatabases.Kind.values()).map(k -> Arguments.of(f, k)))
        .filter(FaultInjectionTest::chosen);
  }

  @ParameterizedTest(name = "GitHub {0} for 60 s on {1}")
  @MethodSource("githubFaultsOnBothDatabases")
  void aMinuteOfGitHubFailingIsWaitedOut(GitHubFault fault, TestDatabases.Kind kind) throws Exception {
    try (FaultRig rig = rig(kind, false)) {
      rig.start();
      Hold plan = github("createComment", "POST", ISSUE_COMMENTS, "<!-- acs:plan -->", Duration.ofSeconds(3)).install(rig);
      assertThat(rig.deliverLabeled()).isEqualTo(202);
      boolean reached = awaitReached(rig, plan);
      var answer = aResponse().withStatus(fault.status).withHeader("Content-Type", "application/json; charset=utf-8")
          .withBody(GitHubFixtures.basicError(fault.status, fault.message).toString());
      if (fault == GitHubFault.SECONDARY_RATE_LIMIT) {
        answer = answer.withHeader("retry-after", "60");
      }
      UUID failing = rig.github.wireMock().stubFor(any(urlPathMatching("/repos/.*|/graphql")).atPriority(0).willReturn(answer)).getId();
      plan.release().run();
      assertThat(reached).isTrue();
      Thread.sleep(60_000);
      rig.github.wireMock().removeStubMapping(rig.github.wireMock().getStubMapping(failing).getItem());
      boolean settled = rig.awaitSettled(SETTLE, Duration.ofSeconds(20), settledFor(rig, Stage.ISSUE));
      assertThat(rig.serve.stop()).isTrue();
      report(rig, "GitHub " + fault + " for 60 s", kind, settled, expectedFor(Stage.ISSUE));
    }
  }

  @ParameterizedTest(name = "model 429 for 60 s on {0}")
  @EnumSource(TestDatabases.Kind.class)
  void aMinuteOfTheModelRateLimitingIsWaitedOut(TestDatabases.Kind kind) throws Exception {
    try (FaultRig rig = rig(kind, false)) {
      rig.start();
      Hold plan = github("createComment", "POST", ISSUE_COMMENTS, "<!-- acs:plan -->", Duration.ofSeconds(3)).install(rig);
      assertThat(rig.deliverLabeled()).isEqualTo(202);
      boolean reached = awaitReached(rig, plan);
      UUID limited = rig.model.failAll(429, "requests", "rate_limit_exceeded");
      plan.release().run();
      assertThat(reached).isTrue();
      Thread.sleep(60_000);
      rig.model.removeHold(limited);
      boolean settled = rig.awaitSettled(SETTLE, Duration.ofSeconds(20), settledFor(rig, Stage.ISSUE));
      assertThat(rig.serve.stop()).isTrue();
      report(rig, "model 429 for 60 s", kind, settled, expectedFor(Stage.ISSUE));
    }
  }

  @org.junit.jupiter.api.Test
  void postgresStoppedForTenSecondsMidTask() throws Exception {
    try (FaultRig rig = rig(TestDatabases.Kind.POSTGRESQL, true)) {
      rig.start();
      // The model answers the implementation's first call after 15 s; meanwhile the database is
      // gone for 10 s, under the task's lease renewal, JobRunr's heartbeats and the delivery workers.
      StringValuePattern implementation = ConversationModelStub.offering("edit_file");
      int before = rig.model.requestsMatching(implementation);
      UUID slow = rig.model.holdAnswers(implementation, Duration.ofSeconds(15));
      Hold hold = new Hold(() -> rig.model.requestsMatching(implementation) > before, () -> rig.model.removeHold(slow));
      assertThat(rig.deliverLabeled()).isEqualTo(202);
      assertThat(awaitReached(rig, hold)).isTrue();
      rig.postgresDown(Duration.ofSeconds(10));
      hold.release().run();
      boolean settled = rig.awaitSettled(SETTLE, Duration.ofSeconds(20), settledFor(rig, Stage.ISSUE));
      assertThat(rig.serve.stop()).isTrue();
      report(rig, "PostgreSQL stopped for 10 s", TestDatabases.Kind.POSTGRESQL, settled, expectedFor(Stage.ISSUE));
    }
  }

  // ---- the parts of a scenario ----------------------------------------------------------------

  /** Starts the stage: the labeled issue, failing CI on the PR's head, or green CI on it. */
  private static void trigger(FaultRig rig, Stage stage) throws Exception {
    if (stage == Stage.ISSUE) {
      assertThat(rig.deliverLabeled()).isEqualTo(202);
      return;
    }
    int pr = rig.pullRequest().orElseThrow().number();
    String head = rig.tip(FaultRig.BRANCH).orElseThrow();
    rig.ci(head, stage == Stage.READY);
    assertThat(rig.deliverSuite(pr, head, stage == Stage.READY ? "success" : "failure")).isEqualTo(202);
  }

  private static boolean awaitReached(FaultRig rig, Hold hold) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < until && rig.serve.alive()) {
      if (hold.reached().getAsBoolean()) {
        Thread.sleep(200); // the request is in; let the process settle into waiting for the answer
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static BooleanSupplier settledFor(FaultRig rig, Stage stage) {
    return switch (stage) {
      case ISSUE -> () -> rig.errorCommented() || (rig.headCheckCompleted() && !rig.comments(1, "<!-- acs:pr -->").isEmpty());
      case REPAIR -> () -> rig.errorCommented() || (rig.branchCommitsQuietly() >= 2 && rig.headCheckCompleted()
          && rig.pullRequest().map(p -> !rig.comments(p.number(), "<!-- acs:repair -->").isEmpty()).orElse(false));
      case READY -> () -> rig.errorCommented() || rig.pullRequest().map(p -> !p.draft()).orElse(false);
    };
  }

  /** What must hold at the end of a stage. */
  record Expected(TaskState state, int branchCommits, int repairComments, boolean ready) {}

  private static Expected expectedFor(Stage stage) {
    return switch (stage) {
      case ISSUE -> new Expected(TaskState.PR_OPEN, 1, 0, false);
      case REPAIR -> new Expected(TaskState.PR_OPEN, 2, 1, false);
      case READY -> new Expected(TaskState.PR_OPEN, 1, 0, true);
    };
  }

  /**
   * Prints one line for the results table (scenario, database, outcome, side effects counted) to
   * target/faults/, then checks every expectation at once.
   */
  private void report(FaultRig rig, String scenario, TestDatabases.Kind kind, boolean settled, Expected expected) throws Exception {
    FaultRig.Stored stored = rig.stored();
    Task task = stored.task().orElse(null);
    int planComments = rig.comments(1, "<!-- acs:plan -->").size();
    int prLinks = rig.comments(1, "<!-- acs:pr -->").size();
    int pulls = (int) rig.repo.pullRequests().stream().filter(p -> p.head().equals(FaultRig.BRANCH)).count();
    int pr = rig.pullRequest().map(p -> p.number()).orElse(-1);
    int repairComments = pr < 0 ? 0 : rig.comments(pr, "<!-- acs:repair -->").size();
    List<String> commits = rig.branchCommits();
    var checkRuns = rig.acsCheckRunsPerHead();
    int unfinishedJobs = stored.jobs().entrySet().stream()
        .filter(e -> !List.of("SUCCEEDED", "FAILED", "DELETED").contains(e.getKey())).mapToInt(e -> e.getValue()).sum();
    String line = String.format(
        "| %s | %s | %s%s | plan comments %d, PRs %d, PR links %d, branch commits %d, ACS check runs per head %s, repair comments %d, error comment %s, ready %s, jobs %s |",
        scenario, kind, task == null ? "no task" : task.state(), settled ? "" : " (not settled)",
        planComments, pulls, prLinks, commits.size(), checkRuns.values(), repairComments, rig.errorCommented(),
        rig.pullRequest().map(p -> !p.draft()).orElse(false), stored.jobs());
    Path out = Path.of("target", "faults");
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.md"), line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    System.out.println(line);

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(scenario).as("the fault was injected where it should be").doesNotEndWith(NOT_REACHED);
    soft.assertThat(settled).as("settled within %s", SETTLE).isTrue();
    soft.assertThat(task).as("task").isNotNull();
    if (task != null) {
      soft.assertThat(task.state()).as("task state (last failure: %s)", task.lastFailure()).isEqualTo(expected.state());
    }
    soft.assertThat(planComments).as("plan comments").isEqualTo(1);
    soft.assertThat(pulls).as("pull requests").isEqualTo(1);
    soft.assertThat(prLinks).as("comments linking the PR").isEqualTo(1);
    soft.assertThat(commits).as("ACS commits on the branch").hasSize(expected.branchCommits());
    soft.assertThat(checkRuns.values()).as("ACS check runs per head").allMatch(n -> n == 1);
    soft.assertThat(checkRuns).as("ACS check runs per head").hasSize(expected.branchCommits());
    soft.assertThat(repairComments).as("repair comments").isEqualTo(expected.repairComments());
    soft.assertThat(rig.errorCommented()).as("an error comment").isFalse();
    soft.assertThat(unfinishedJobs).as("jobs still to run: %s", stored.jobs()).isZero();
    if (expected.ready()) {
      soft.assertThat(rig.pullRequest().map(p -> !p.draft()).orElse(false)).as("marked ready").isTrue();
    }
    soft.assertAll();
  }
}
