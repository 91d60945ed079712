package dev.acs.pipeline;

import dev.acs.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.Plan;
import dev.acs.agent.Spend;
import dev.acs.config.Json;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the progress report edits the plan comment: coalesced (a storm of changes is one edit with
 * the latest state, sent when the gap since the last edit has passed), never an edit that changes
 * nothing, milestones at once, and what it shows read back from the task's records (so a run
 * taking over shows what the last one reported). A real H2 task store and the in-memory GitHub;
 * time is a clock the test moves and the "later" is run by the test, so nothing here waits.
 */
class ProgressReportTest {
  static final Plan PLAN = new Plan("Greet politely", List.of("Change the greeting", "Add a test"), List.of("src/A.java"),
      List.of("Callers compare the text"), "the unit tests");

  Database db;
  TaskStore store;
  InMemoryRepoGitHub github;
  MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  List<Scheduled> scheduled = new ArrayList<>();
  Task task;

  record Scheduled(Runnable edit, Duration delay, boolean[] cancelled) {}
  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.h2();
    store = new TaskStore(db.dataSource(), clock);
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo("octo/greeter", false, false, "main", "http://x"), "acs[bot]");
    int issue = github.addIssue("Greet politely", "Please.", "alice", "autocode");
    task = store.findOrCreate("octo/greeter", issue, 1L, "Greet politely");
    store.set(task.id(), "plan_json", Json.MAPPER.writeValueAsString(PLAN));
    long id = github.upsertComment(issue, "plan", "### ACS plan\n\n(first post)");
    task = store.set(task.id(), "plan_comment_id", id);
    store.transition(task.id(), TaskState.PLANNED, "plan posted");
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  ProgressReport report(Spend live) {
    return new ProgressReport(store, github, task.id(), () -> live, clock, Duration.ofSeconds(5), (edit, delay) -> {
      boolean[] cancelled = {false};
      scheduled.add(new Scheduled(edit, delay, cancelled));
      return () -> cancelled[0] = true;
    });
  }

  /** Runs the edits that are due (not cancelled), as the background thread would. */
  void runDue() {
    List<Scheduled> now = new ArrayList<>(scheduled);
    scheduled.clear();
    now.stream().filter(s -> !s.cancelled()[0]).forEach(s -> s.edit().run());
  }

  String comment() {
    return github.comments(task.issueNumber()).stream().filter(c -> c.id() == task.planCommentId()).findFirst().orElseThrow().body();
  }

  @Test
  void aStormOfChangesIsOneEditWithTheLatestStateAfterTheGap() {
    ProgressReport p = report(new Spend(3, 1000, 200, new BigDecimal("0.0123"), List.of("openai:gpt-4.1")));
    p.activity("implementing: reading the code");
    assertThat(scheduled).singleElement().extracting(Scheduled::delay).isEqualTo(Duration.ZERO);
    runDue();
    assertThat(p.writes()).isEqualTo(1);
    assertThat(comment()).contains("⏳ **Now:** implementing: reading the code · under a minute so far · $0.0123, 1,200 tokens");

    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 20; i++) {
      p.activity(i % 2 == 0 ? "implementing: editing files" : "implementing: reading the code");
    }
    p.stepDone(1);
    p.activity("implementing: running the tests");
    assertThat(scheduled).singleElement().extracting(Scheduled::delay).isEqualTo(Duration.ofSeconds(4));
    clock.advance(Duration.ofSeconds(4));
    runDue();
    assertThat(p.writes()).isEqualTo(2);
    assertThat(comment()).contains("- [x] Change the greeting").contains("- [ ] Add a test")
        .contains("⏳ **Now:** implementing: running the tests");
  }

  @Test
  void anEditRunEarlyWaitsOutTheGapAndAnEditThatChangesNothingIsNotSent() {
    ProgressReport p = report(Spend.NONE);
    p.activity("implementing: reading the code");
    runDue();
    p.activity("implementing: editing files");
    p.activity("implementing: reading the code"); // back to what the comment says
    Scheduled due = scheduled.get(0);
    assertThat(due.delay()).isEqualTo(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(2));
    runDue(); // too early: it reschedules itself for the rest of the gap
    assertThat(scheduled).singleElement().extracting(Scheduled::delay).isEqualTo(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(3));
    runDue();
    assertThat(p.writes()).isEqualTo(1);
  }

  @Test
  void milestonesGoOutAtOnceAndReplaceThePendingEdit() {
    ProgressReport p = report(Spend.NONE);
    p.activity("implementing: reading the code");
    runDue();
    p.activity("opening the pull request");
    store.set(task.id(), "pr_number", 7);
    store.transition(task.id(), TaskState.IMPLEMENTING, "go");
    store.transition(task.id(), TaskState.PR_OPEN, "pull request #7 opened");
    p.activity(null);
    p.milestone();
    assertThat(scheduled).allSatisfy(s -> assertThat(s.cancelled()[0]).isTrue());
    assertThat(p.writes()).isEqualTo(2);
    assertThat(comment()).contains("✅ Implemented in #7.").contains("⏳ **Now:** waiting for CI and reviews on #7")
        .contains("_A step is ticked when the coder reports it done; 2 of 2 were not reported. The diff shows what changed._");
  }

  @Test
  void aRunTakingOverShowsWhatTheLastOneReportedAndTheEndIsAFinalLine() {
    ProgressReport first = report(Spend.NONE);
    first.started();
    first.stepDone(2);
    first.following("AGENTS.md");
    runDue();
    clock.advance(Duration.ofMinutes(3));

    store.transition(task.id(), TaskState.FAILED, "push failed: REJECTED_OTHER_REASON");
    ProgressReport next = report(Spend.NONE); // another run, another node: only the records
    next.close();
    assertThat(comment()).contains("- [ ] Change the greeting\n- [x] Add a test")
        .contains("_Following the repository's instructions: `AGENTS.md`._")
        .contains("❌ **Failed:** push failed: REJECTED_OTHER_REASON · took 3 min")
        .doesNotContain("**Now:**");
    assertThat(next.writes()).isEqualTo(1);
  }

  @Test
  void withoutAPostedPlanNothingIsEdited() {
    store.set(task.id(), "plan_comment_id", null);
    ProgressReport p = report(Spend.NONE);
    p.activity("planning: reading the issue and the code");
    runDue();
    p.close();
    assertThat(p.writes()).isZero();
  }
}
