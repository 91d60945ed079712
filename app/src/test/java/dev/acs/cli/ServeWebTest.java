package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.testing.ModelApiStub;
import dev.acs.web.TestVisitors;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages on a real {@code acs serve} ({@link AppRig}: Javalin, H2, JobRunr, the WireMock GitHub,
 * a model speaking OpenAI's wire format, the JGit server): beside the webhooks on the same port,
 * and the Stop button going to GitHub through the same permission call and gate as {@code /acs stop}.
 */
class ServeWebTest {
  static final TestVisitors VISITORS = new TestVisitors(Map.of(
      "octo-token", new TestVisitors.Person("Codertocat", false, Set.of(AppRig.REPO), "csrf-of-codertocat")));

  @TempDir Path tmp;
  AppRig rig;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void setUp() throws Exception {
    rig = new AppRig(tmp, "bug");
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void withoutALoginTheRootPageSaysHowToTurnThePagesOn() throws Exception {
    rig.start(Map.of("ACS_PUBLIC_URL", "https://acs.example.com")); // links in comments, but no login

    HttpResponse<String> root = get("/", null);

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).contains("ACS_GITHUB_CLIENT_ID", "ACS_GITHUB_CLIENT_SECRET", "ACS_PUBLIC_URL", "/login/callback",
        "ACS_ADMINS", "acs demo --serve");
    HttpResponse<String> linked = get("/tasks/" + UUID.randomUUID(), null); // a link from a comment, with ACS_PUBLIC_URL alone
    assertThat(linked.statusCode()).isEqualTo(404);
    assertThat(linked.body()).contains("ACS_GITHUB_CLIENT_ID", "ACS_PUBLIC_URL");
    assertThat(get("/api/v1/tasks", null).statusCode()).isEqualTo(404);
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aLabeledIssueShowsUpAndItsStopButtonStopsIt() throws Exception {
    rig.repo.file(dev.acs.github.RepoConfigFile.PATH, "label: bug\n");
    rig.model.openAi(AppIssueToPullRequestTest.FIX_THE_TYPO);
    rig.start(rig.openAi(), Optional.of(VISITORS));
    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("bug")))).isEqualTo(202);
    Task task = rig.awaitIssueTask();
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);

    assertThat(get("/", "octo-token").body()).contains("/tasks/" + task.id(), AppRig.REPO, "issues labeled", "@Codertocat");
    assertThat(get("/tasks/" + task.id(), "octo-token").body()).contains("Fix the misspelled", "edit_file README.md", "open_pr");
    assertThat(get("/api/v1/tasks/" + task.id(), "octo-token").statusCode()).isEqualTo(200);
    assertThat(get("/tasks/" + task.id(), null).statusCode()).isEqualTo(302);

    HttpResponse<String> stopped = post("/tasks/" + task.id() + "/stop", "octo-token", "csrf-of-codertocat");

    assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
    assertThat(rig.tasks().find(task.id()).orElseThrow().state()).isEqualTo(TaskState.STOPPED);
    assertThat(rig.repo.comments(1)).anySatisfy(c -> assertThat(c.body()).contains("Stopped from the task page", "@Codertocat"));
    assertThat(rig.model.requests(ModelApiStub.OPENAI_PATH)).hasSize(5); // nothing more was asked of the model (plan, read, edit, mark_step_done, finish)
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.app.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String csrf) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.app.port() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
        .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }
}
