package dev.acs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import dev.acs.pipeline.PipelineRig;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages and their buttons over tasks made by the real pipeline ({@link PipelineRig}: real
 * JGit server, H2, the replayed model, the policy guardrails), served by a real Javalin on a
 * random port and called over HTTP.
 */
class TaskPagesTest {
  static final String SECRET_REPO = "octo/secret";
  static final TestVisitors VISITORS = new TestVisitors(Map.of(
      "alice-token", new TestVisitors.Person("alice", false, Set.of(PipelineRig.REPO), "csrf-of-alice"),
      "mallory-token", new TestVisitors.Person("mallory", false, Set.of(PipelineRig.REPO), "csrf-of-mallory"),
      "eve-token", new TestVisitors.Person("eve", false, Set.of(), "csrf-of-eve")));

  @TempDir Path tmp;
  WebRig web;
  PipelineRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    web = new WebRig(rig, VISITORS);
  }

  @AfterEach
  void tearDown() throws Exception {
    web.close();
  }

  @Test
  void theListShowsEachTaskWithItsTriggerRequesterAndSpend() throws Exception {
    Task task = rig.openPullRequest();

    HttpResponse<String> page = web.get("/", "alice-token");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("href=\"/tasks/" + task.id() + "\"", "Greet politely", PipelineRig.REPO, "#" + task.issueNumber(), "PR_OPEN",
            "issues labeled", "@alice", "Signed in as <strong>alice</strong>")
        .contains("$" + task.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
  }

  @Test
  void issueAndPullRequestLinksGoToTheConfiguredGitHub() throws Exception {
    Task task = rig.openPullRequest();
    TaskViews views = WebRig.views(rig);
    TaskViews enterprise = new TaskViews(rig.tasks, new dev.acs.task.TaskListing(rig.db.dataSource()),
        new dev.acs.policy.PolicyDecisionLog(rig.db.dataSource()), WebRig.transcripts(rig),
        dev.acs.agent.Budget.fromEnv(new dev.acs.config.Env(java.util.Map.of())), "https://ghe.example.com/");

    assertThat(web.get("/tasks/" + task.id(), "alice-token").body())
        .contains("href=\"" + views.issueUrl(task) + "\"", "href=\"" + views.pullRequestUrl(task) + "\"");
    assertThat(views.issueUrl(task)).isEqualTo("https://github.com/" + PipelineRig.REPO + "/issues/" + task.issueNumber());
    assertThat(enterprise.issueUrl(task)).isEqualTo("https://ghe.example.com/" + PipelineRig.REPO + "/issues/" + task.issueNumber());
    assertThat(enterprise.pullRequestUrl(task)).isEqualTo("https://ghe.example.com/" + PipelineRig.REPO + "/pull/" + task.prNumber());
  }

  @Test
  void whatPeopleAndModelsWroteIsShownAsTextNeverAsMarkup() throws Exception {
    rig.tasks.findOrCreate(PipelineRig.REPO, 77, null, "<img src=x onerror=alert(1)> & more");

    String body = web.get("/", "alice-token").body();

    assertThat(body).contains("&lt;img src=x onerror=alert(1)&gt; &amp; more").doesNotContain("<img src=x");
  }

  @Test
  void theTaskPageShowsPlanTimelinePolicyDecisionsAndTheSession() throws Exception {
    Task task = rig.openPullRequest();

    String body = web.get("/tasks/" + task.id(), "alice-token").body();

    assertThat(body).contains("Change the greeting", "Check it", "Callers may compare the text"); // the plan
    assertThat(body).contains("NEW → PLANNED", "PLANNED → IMPLEMENTING", "IMPLEMENTING → PR_OPEN"); // the timeline
    assertThat(body).contains("Policy decisions", "open_pr", "allowed", "guardrails"); // decisions with their engine
    assertThat(body).contains("edit_file src/main/java/demo/Greeter.java")
        .contains("<span class=\"ln ln-add\">+<span class=\"t-kw\">return</span> <span class=\"t-str\">\"Hello, \"</span>")
        .contains("Result of read_file");
    assertThat(body).contains("Pull request #" + task.prNumber(), "CI checks and reviews on pull request #" + task.prNumber());
    assertThat(body).contains("name=\"csrf\" value=\"csrf-of-alice\"", "action=\"/tasks/" + task.id() + "/stop\"");
  }

  @Test
  void aTaskTheViewerCannotReadIsNotFoundEverywhere() throws Exception {
    Task mine = rig.openPullRequest();
    Task secret = rig.tasks.findOrCreate(SECRET_REPO, 5, null, "Secret work");
    TestVisitors.Person admin = new TestVisitors.Person("root", true, Set.of(), "csrf-root");
    assertThat(admin.canRead(SECRET_REPO)).isTrue();

    assertThat(web.get("/tasks/" + secret.id(), "alice-token").statusCode()).isEqualTo(404);
    assertThat(web.get("/api/v1/tasks/" + secret.id(), "alice-token").statusCode()).isEqualTo(404);
    assertThat(web.get("/api/v1/tasks/" + secret.id() + "/events", "alice-token").statusCode()).isEqualTo(404);
    assertThat(web.post("/tasks/" + secret.id() + "/stop", "alice-token", Map.of("csrf", "csrf-of-alice")).statusCode()).isEqualTo(404);
    assertThat(web.get("/tasks/no-such-task", "alice-token").statusCode()).isEqualTo(404);
    assertThat(web.get("/", "alice-token").body()).doesNotContain("Secret work", SECRET_REPO).contains(mine.id());
    JsonNode list = Json.MAPPER.readTree(web.get("/api/v1/tasks", "alice-token").body());
    assertThat(list.path("total").asInt()).isEqualTo(1);
    assertThat(web.get("/tasks/" + mine.id(), "eve-token").statusCode()).isEqualTo(404);
    assertThat(Json.MAPPER.readTree(web.get("/api/v1/tasks", "eve-token").body()).path("total").asInt()).isZero();
  }

  @Test
  void someoneUnidentifiedIsSentToLoginOnPagesAndGets401FromTheApi() throws Exception {
    Task task = rig.openPullRequest();

    HttpResponse<String> page = web.get("/tasks/" + task.id(), null);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Ftasks%2F" + task.id());
    assertThat(web.get("/", "forged-token").statusCode()).isEqualTo(302);
    assertThat(web.get("/api/v1/tasks", null).statusCode()).isEqualTo(401);
    assertThat(web.get("/api/v1/tasks/" + task.id(), "forged-token").statusCode()).isEqualTo(401);
    assertThat(web.get("/api/v1/tasks/" + task.id() + "/events", null).statusCode()).isEqualTo(401);
    assertThat(web.get("/?state=PR_OPEN&page=2", null).headers().firstValue("Location"))
        .hasValue("/login?next=%2F%3Fstate%3DPR_OPEN%26page%3D2");
    HttpResponse<String> form = web.post("/tasks/" + task.id() + "/stop", null, Map.of("csrf", "csrf-of-alice"));
    assertThat(form.statusCode()).isEqualTo(302);
    assertThat(form.headers().firstValue("Location")).as("back to the task page, which has a GET")
        .hasValue("/login?next=%2Ftasks%2F" + task.id());
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
  }

  @Test
  void aFormWithoutTheRightTokenIsRefusedAndChangesNothing() throws Exception {
    Task task = rig.openPullRequest();

    assertThat(web.post("/tasks/" + task.id() + "/stop", "alice-token", Map.of()).statusCode()).isEqualTo(403);
    assertThat(web.post("/tasks/" + task.id() + "/stop", "alice-token", Map.of("csrf", "csrf-of-mallory")).statusCode()).isEqualTo(403);
    assertThat(web.post("/tasks/" + task.id() + "/stop", "alice-token", Map.of("csrf", "")).statusCode()).isEqualTo(403);

    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);
  }

  @Test
  void stopGoesThroughThePermissionCheckAndThePolicyGate() throws Exception {
    Task task = rig.openPullRequest();

    HttpResponse<String> refused = web.post("/tasks/" + task.id() + "/stop", "mallory-token", Map.of("csrf", "csrf-of-mallory"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("does not let @mallory (permission read)");
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.PR_OPEN);

    HttpResponse<String> stopped = web.post("/tasks/" + task.id() + "/stop", "alice-token", Map.of("csrf", "csrf-of-alice"));
    assertThat(stopped.statusCode()).isEqualTo(200);
    assertThat(stopped.body()).contains("Stopped", "STOPPED");
    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.STOPPED);
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).contains("stopped by @alice"));
    assertThat(rig.github.comments(task.issueNumber())).anySatisfy(c -> assertThat(c.body()).contains("Stopped from the task page", "@alice"));
    // Both asks went to the gate as commands and were audited.
    String page = web.get("/tasks/" + task.id(), "alice-token").body();
    assertThat(page).contains("denied").contains("command");
  }

  @Test
  void retryStartsAnEndedTaskAgainAsImplementDoes() throws Exception {
    Task task = rig.openPullRequest();
    web.post("/tasks/" + task.id() + "/stop", "alice-token", Map.of("csrf", "csrf-of-alice"));
    rig.script(PipelineRig.PLAN_AND_EDIT);

    HttpResponse<String> retried = web.post("/tasks/" + task.id() + "/retry", "alice-token", Map.of("csrf", "csrf-of-alice"));

    assertThat(retried.statusCode()).isEqualTo(200);
    Task after = rig.task(task.id());
    assertThat(after.runs()).isEqualTo(task.runs() + 1);
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).isEqualTo("web /acs implement"));
  }

  @Test
  void approveImplementsAPlanThatWaitsForApproval() throws Exception {
    int issue = rig.github.addIssue("Greet politely", "Please add a comma.", "alice", "autocode");
    rig.script(PipelineRig.PLAN_AND_EDIT);
    Task planned = rig.start.start(rig.github, PipelineRig.INSTALLATION, issue, "Greet politely", PipelineRig.requester("alice"), false);
    assertThat(rig.task(planned.id()).state()).isEqualTo(TaskState.PLANNED);
    assertThat(web.get("/tasks/" + planned.id(), "alice-token").body()).contains("Approve the plan", "approval of the plan");

    HttpResponse<String> approved = web.post("/tasks/" + planned.id() + "/approve", "alice-token", Map.of("csrf", "csrf-of-alice"));

    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(rig.task(planned.id()).state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.tasks.events(planned.id())).anySatisfy(e -> assertThat(e.summary()).isEqualTo("plan approved by @alice"));
    // Approving again: the button is gone and a forged post does nothing.
    assertThat(web.post("/tasks/" + planned.id() + "/approve", "alice-token", Map.of("csrf", "csrf-of-alice")).statusCode()).isEqualTo(409);
  }
}
