package dev.acs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.github.ForwardingRepoGitHub;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.metrics.TaskMetrics;
import dev.acs.pipeline.TaskLinks;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard issue on a real H2 database and the in-memory GitHub: opt-in, one issue, edited in place, coalesced. */
class RefreshDashboardTest {
  static final String REPO = "octo/greeter";

  Database db;
  TaskStore tasks;
  InMemoryRepoGitHub github;
  AtomicInteger edits = new AtomicInteger();
  AtomicInteger opened = new AtomicInteger();
  TaskServices services;

  @BeforeEach
  void setUp() {
    db = TestDatabases.h2();
    tasks = new TaskStore(db.dataSource());
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo(REPO, false, false, "main", "https://example.invalid/octo/greeter.git"), "acs[bot]");
    RepoGitHub counting = new ForwardingRepoGitHub(github) {
      @Override
      public void updateIssueBody(int number, String body) {
        edits.incrementAndGet();
        super.updateIssueBody(number, body);
      }

      @Override
      public int createIssue(String title, String body) {
        opened.incrementAndGet();
        return super.createIssue(title, body);
      }
    };
    services = new TaskServices(tasks, null, "", null, (inst, name) -> counting, null, null, "", false, TaskMetrics.NONE,
        new TaskLinks(Optional.of("https://acs.example.com")));
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  RefreshDashboard refresher(Duration interval) {
    return new RefreshDashboard(services, new DashboardIssues(db.dataSource()), interval, Clock.systemUTC());
  }

  @Test
  void aRepositoryThatDidNotOptInGetsNoIssue() {
    github.putFile("main", ".github/acs.yml", "label: autocode\n");
    tasks.findOrCreate(REPO, 1, 7L, "Greet");
    try (RefreshDashboard dashboard = refresher(Duration.ofSeconds(10))) {
      assertThat(dashboard.refresh(services.github().forRepository(7L, REPO))).isEmpty();
    }
    assertThat(opened).hasValue(0);
    assertThat(github.openIssuesBy("acs[bot]")).isEmpty();
  }

  @Test
  void oneIssueIsOpenedThenEditedInPlaceOnlyWhenItsTextChanges() {
    github.putFile("main", ".github/acs.yml", "dashboard: true\n");
    Task t = tasks.findOrCreate(REPO, 1, 7L, "Greet politely");
    RepoGitHub gh = services.github().forRepository(7L, REPO);
    try (RefreshDashboard dashboard = refresher(Duration.ofSeconds(10))) {
      int number = dashboard.refresh(gh).orElseThrow();
      assertThat(github.issue(number).title()).isEqualTo("ACS dashboard");
      assertThat(github.issue(number).author()).isEqualTo("acs[bot]");
      assertThat(github.issue(number).body()).startsWith(DashboardBody.MARKER)
          .contains("<!-- acs-task:" + t.id() + ":stop --> #1 Greet politely — `NEW`")
          .contains("https://acs.example.com/tasks/" + t.id());

      assertThat(dashboard.refresh(gh)).contains(number);
      assertThat(edits).as("nothing changed: no edit").hasValue(0);

      tasks.transition(t.id(), TaskState.PLANNED, "plan posted");
      assertThat(dashboard.refresh(gh)).contains(number);
      assertThat(edits).hasValue(1);
      assertThat(github.issue(number).body()).contains("`PLANNED`");
    }
    // A new database (or a lost row): the issue is found again by its marker, not opened twice.
    try (Database other = TestDatabases.h2(); RefreshDashboard fresh = new RefreshDashboard(services, new DashboardIssues(other.dataSource()),
        Duration.ofSeconds(10), Clock.systemUTC())) {
      fresh.refresh(gh);
    }
    assertThat(opened).hasValue(1);
    assertThat(github.openIssuesBy("acs[bot]")).hasSize(1);
  }

  @Test
  void aBurstOfTaskMovesBecomesOneEditAtTheEndOfTheInterval() {
    github.putFile("main", ".github/acs.yml", "dashboard: true\n");
    Task t = tasks.findOrCreate(REPO, 1, 7L, "Greet");
    try (RefreshDashboard dashboard = refresher(Duration.ofSeconds(2))) {
      tasks.whenMoved(dashboard::request);
      dashboard.request(REPO, 7L);
      await().atMost(Duration.ofSeconds(10)).until(() -> opened.get() == 1 && dashboard.idle());
      // Three moves and twenty more requests within the interval: one refresh, when it ends.
      tasks.transition(t.id(), TaskState.PLANNED, "a");
      tasks.transition(t.id(), TaskState.IMPLEMENTING, "b");
      tasks.transition(t.id(), TaskState.PR_OPEN, "c");
      for (int i = 0; i < 20; i++) {
        dashboard.request(REPO, 7L);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> edits.get() >= 1 && dashboard.idle());
      assertThat(edits).hasValue(1);
      assertThat(github.openIssuesBy("acs[bot]")).singleElement().satisfies(i -> assertThat(i.body()).contains("`PR_OPEN`"));
    }
  }
}
