package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.config.Json;
import dev.acs.github.RepoConfigFile;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.WebhookPayloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard issue end to end: a real {@code acs serve} ({@link AppRig}) for a repository whose
 * {@code .github/acs.yml} says {@code dashboard: true} opens one issue and keeps it current as a
 * labeled issue becomes a pull request; GitHub's real {@code issues.edited} payload (made to carry
 * the ticked dashboard) steers the task: a reader's tick is undone with a note, the admin's stops
 * the task, and the admin's retry starts it afresh.
 */
class AppDashboardIssueTest {
  @TempDir Path tmp;
  AppRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new AppRig(tmp, "autocode");
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void theDashboardFollowsTheTaskAndTicksByWritersStopAndRetryIt() throws Exception {
    rig.repo.file(RepoConfigFile.PATH, "dashboard: true\n").permission("intruder", "read");
    List<ModelApiStub.Turn> twice = new ArrayList<>(AppIssueToPullRequestTest.FIX_THE_TYPO);
    twice.addAll(AppIssueToPullRequestTest.FIX_THE_TYPO);
    rig.model.openAi(twice);
    Map<String, String> vars = new HashMap<>(rig.openAi());
    vars.put("ACS_DASHBOARD_INTERVAL_SECONDS", "1");
    vars.put("ACS_PUBLIC_URL", "https://acs.example.com");
    rig.start(vars);

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    Task task = rig.awaitIssueTask();
    assertThat(task.state()).as("%s", task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    String stopBox = "- [ ] <!-- acs-task:" + task.id() + ":stop -->";
    GitHubApiStub.Issue dashboard = awaitDashboard(stopBox + " #1 Spelling error in the README file — `PR_OPEN`, pull request #" + task.prNumber() + ", "
        + "[task page](https://acs.example.com/tasks/" + task.id() + ")");
    assertThat(dashboard.title()).isEqualTo("ACS dashboard");
    assertThat(rig.repo.issuesBy(rig.github.botLogin())).as("one dashboard").hasSize(1);

    // A reader ticks the box: nothing happens but a note, and the box is clear again.
    tick(dashboard, stopBox, "intruder");
    awaitDashboard("@intruder ticked a box");
    assertThat(rig.repo.currentIssue(dashboard.number()).orElseThrow().body()).doesNotContain("[x]").contains(stopBox);
    TaskStore tasks = rig.tasks();
    assertThat(tasks.find(task.id()).orElseThrow().state()).isEqualTo(TaskState.PR_OPEN);

    // The admin ticks it: the task stops, as /acs stop would.
    tick(dashboard, stopBox, "Codertocat");
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.find(task.id()).orElseThrow().state() == TaskState.STOPPED
        && rig.repo.comments(1).stream().anyMatch(c -> c.body().contains("Stopped, as @Codertocat asked on the dashboard")));
    String retryBox = "- [ ] <!-- acs-task:" + task.id() + ":retry -->";
    GitHubApiStub.Issue stopped = awaitDashboard(retryBox + " #1 Spelling error in the README file — `STOPPED`");
    assertThat(stopped.body()).doesNotContain(stopBox);

    // The admin ticks retry: the task starts afresh and opens a new pull request.
    tick(stopped, retryBox, "Codertocat");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> tasks.find(task.id()).map(t -> t.runs() == 1 && (t.state() == TaskState.PR_OPEN || t.state().ended())).orElse(false));
    Task again = tasks.find(task.id()).orElseThrow();
    assertThat(again.state()).as("%s", again.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    awaitDashboard(stopBox + " #1 Spelling error in the README file — `PR_OPEN`, pull request #" + again.prNumber());
    assertThat(rig.repo.issuesBy(rig.github.botLogin())).as("still one dashboard").hasSize(1);
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.app.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(AppTaskMetricsTest.value(metrics, "acs_tasks_started_total{trigger=\"dashboard\"}")).isEqualTo(1);
    assertThat(AppTaskMetricsTest.value(metrics, "acs_tasks_finished_total{outcome=\"stopped\"}")).isEqualTo(1);
  }

  /** Waits until the dashboard issue's body contains {@code text}; returns it. */
  private GitHubApiStub.Issue awaitDashboard(String text) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> rig.repo.issuesBy(rig.github.botLogin()).stream().anyMatch(i -> i.body() != null && i.body().contains(text)));
    return rig.repo.issuesBy(rig.github.botLogin()).stream().filter(i -> i.body().contains(text)).findFirst().orElseThrow();
  }

  /** {@code login} ticks the box on GitHub: the body is stored edited, and GitHub sends issues.edited. */
  private void tick(GitHubApiStub.Issue dashboard, String box, String login) throws Exception {
    String before = dashboard.body();
    String after = before.replace(box, box.replace("- [ ]", "- [x]"));
    assertThat(after).isNotEqualTo(before);
    rig.repo.editIssueBody(dashboard.number(), after);
    byte[] edited = WebhookPayloads.of("issues/edited.json").repository(AppRig.REPO).installation(AppRig.INSTALLATION)
        .sender(login, "User").set("/issue/number", dashboard.number()).set("/issue/title", dashboard.title()).set("/issue/body", after)
        .set("/issue/user/login", rig.github.botLogin()).set("/issue/user/type", "Bot").set("/changes", Map.of("body", Map.of("from", before))).bytes();
    assertThat(rig.deliver("issues", edited)).isEqualTo(202);
  }
}
