package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.acs.testing.ModelApiStub.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.GitHubFixtures;
import dev.acs.testing.ModelApiStub;
import dev.acs.testing.WebhookPayloads;
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
 * A repair in App mode, end to end: a real {@code acs serve} (Javalin, H2, JobRunr) takes a
 * labeled issue to a draft pull request, then GitHub's real {@code check_suite.completed} payload
 * (signed, with the failing head) comes in; ACS reads the failing Actions check run, its
 * annotations and its job log (a real failing build log behind GitHub's 302 to a signed URL)
 * through {@code HubRepoGitHub} from the WireMock GitHub ({@link GitHubApiStub} plus the three
 * routes a repair adds), asks the model over OpenAI's wire format, pushes one repair commit to the
 * JGit HTTP server, and reports on the pull request and in a new ACS check run.
 */
class AppRepairTest {
  static final long INSTALLATION = AppRig.INSTALLATION;
  static final String REPO = AppRig.REPO;
  static final String BRANCH = AppRig.BRANCH;
  static final String HELLO = AppRig.HELLO;
  static final long JOB = 555_001L;
  static final long RUN = 9_001L;

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

  static String realLog() throws Exception {
    try (InputStream in = AppRepairTest.class.getResourceAsStream("/logs/jackson-core-1309-surefire3.actions.log")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What GitHub answers about the failing Actions job on {@code head}: the check run, its annotations, its log. */
  void ciFails(String head, String log) {
    ciFails(rig, head, log);
  }

  /** The same on any rig (the metrics test runs a repair too). */
  static void ciFails(AppRig rig, String head, String log) {
    WireMockServer wm = rig.github.wireMock();
    String api = "/repos/" + REPO;
    ObjectNode page = GitHubFixtures.object(GitHubFixtures.CHECK_RUNS_FOR_REF);
    ObjectNode run = (ObjectNode) page.withArray("check_runs").get(0);
    run.put("id", JOB).put("name", "build").put("head_sha", head).put("status", "completed").put("conclusion", "failure")
        .put("url", rig.github.baseUrl() + api + "/check-runs/" + JOB)
        .put("details_url", "https://github.com/" + REPO + "/actions/runs/" + RUN + "/job/" + JOB);
    ((ObjectNode) run.get("output")).put("title", "Build failed").put("summary", "1 test failed").putNull("text")
        .put("annotations_count", 1).put("annotations_url", rig.github.baseUrl() + api + "/check-runs/" + JOB + "/annotations");
    ((ObjectNode) run.get("app")).put("slug", "github-actions").put("name", "GitHub Actions");
    ((ArrayNode) page.get("check_runs")).removeAll();
    page.withArray("check_runs").add(run);
    page.put("total_count", 1);
    wm.stubFor(get(urlPathEqualTo(api + "/commits/" + head + "/check-runs")).atPriority(1).willReturn(okJson(page.toString())));

    ArrayNode annotations = (ArrayNode) GitHubFixtures.json(GitHubFixtures.ANNOTATIONS).deepCopy();
    ((ObjectNode) annotations.get(0)).put("path", ".github").put("start_line", 1).put("end_line", 1).put("annotation_level", "failure")
        .put("title", "build").put("message", "Process completed with exit code 1.").putNull("raw_details");
    wm.stubFor(get(urlPathEqualTo(api + "/check-runs/" + JOB + "/annotations")).atPriority(1).willReturn(okJson(annotations.toString())));

    // GitHub answers a job's log with 302 to a signed URL on another host (here: the same stub, another path).
    wm.stubFor(get(urlPathEqualTo(api + "/actions/jobs/" + JOB + "/logs")).atPriority(1).willReturn(aResponse().withStatus(302)
        .withHeader("Location", rig.github.baseUrl() + "/_apis/pipelines/1/jobs/" + JOB + "/signedlogcontent?urlSigningMethod=HMACV1&urlSignature=stub")));
    wm.stubFor(get(urlPathEqualTo("/_apis/pipelines/1/jobs/" + JOB + "/signedlogcontent")).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(log)));
  }

  @Test
  void aFailingSuiteOnTheDraftPullRequestGetsOneRepairCommit() throws Exception {
    rig.model.openAi(List.of(
        call("submit_plan", """
            {"summary": "Fix the README typo and greet the world", "steps": ["Correct 'committ'", "Greet the world"],
             "files": ["README.md", "src/main/java/hello/Hello.java"], "risks": ["None"], "verification": "PMD"}"""),
        call("edit_file", "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"),
        call("edit_file", "{\"path\": \"" + HELLO + "\", \"search\": \"return \\\"Hello\\\";\", \"replace\": \"return \\\"Hello, world\\\";\"}"),
        call("finish", "{\"summary\": \"Fixed the typo; greet() says Hello, world.\"}"),
        // The repair job.
        call("read_file", "{\"path\": \"" + HELLO + "\"}"),
        call("edit_file", "{\"path\": \"" + HELLO + "\", \"search\": \"return \\\"Hello, world\\\";\", \"replace\": \"return \\\"Hello\\\";\"}"),
        call("finish", "{\"summary\": \"Restored the greeting the failing test expects.\"}")));
    rig.start(rig.openAi());

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    TaskStore tasks = rig.tasks();
    Task opened = rig.awaitIssueTask();
    assertThat(opened.state()).as("%s", opened.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    String head = opened.headSha();
    int pr = opened.prNumber();

    ciFails(head, realLog());
    byte[] suite = WebhookPayloads.of("check_suite/completed.json").installation(INSTALLATION)
        .set("/check_suite/head_sha", head).set("/check_suite/head_branch", BRANCH).set("/check_suite/conclusion", "failure")
        .set("/check_suite/app/slug", "github-actions")
        .set("/check_suite/pull_requests/0/number", pr).set("/check_suite/pull_requests/0/head/sha", head)
        .set("/check_suite/pull_requests/0/head/ref", BRANCH).bytes();
    assertThat(rig.deliver("check_suite", suite)).isEqualTo(202);
    assertThat(rig.deliver("check_suite", suite)).isEqualTo(202); // GitHub may send it twice (another delivery id)

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> tasks.find(opened.id()).map(t -> t.attempts() == 1 && t.state() != TaskState.REPAIRING).orElse(false)
            && rig.repo.comments(pr).stream().anyMatch(c -> c.body().contains("<!-- acs:repair -->") || c.body().contains("<!-- acs:error -->")));
    Task repaired = tasks.find(opened.id()).orElseThrow();
    assertThat(repaired.state()).as("%s", repaired.lastFailure()).isEqualTo(TaskState.PR_OPEN);

    String newHead = rig.tip(BRANCH).orElseThrow();
    assertThat(repaired.headSha()).isEqualTo(newHead).isNotEqualTo(head);
    RevCommit commit = rig.commit(newHead);
    assertThat(commit.getParent(0).getName()).isEqualTo(head);
    assertThat(commit.getFullMessage()).startsWith("Repair failing checks build (#1)\n").contains("Acs-Task: " + opened.id());

    // What the model was shown for the repair: the failing test from the real log, the annotation.
    List<JsonNode> calls = rig.model.requests(ModelApiStub.OPENAI_PATH);
    assertThat(calls).hasSize(7);
    assertThat(calls.get(4).path("messages").toString()).contains("looksLikeValidNumberTrue")
        .contains("Process completed with exit code 1.").contains("UNTRUSTED FEEDBACK");
    // The signed log URL was fetched without ACS's token, as GitHub requires.
    List<LoggedRequest> logFetches = rig.github.wireMock().findAll(getRequestedFor(urlPathEqualTo("/_apis/pipelines/1/jobs/" + JOB + "/signedlogcontent")));
    assertThat(logFetches).singleElement().satisfies(r -> assertThat(r.containsHeader("Authorization")).isFalse());

    assertThat(rig.repo.comments(pr)).anySatisfy(c -> assertThat(c.body()).contains("<!-- acs:repair -->")
        .contains("Repair attempt 1 of 3").contains(newHead.substring(0, 7)).contains("looksLikeValidNumberTrue"));
    assertThat(rig.repo.checkRuns()).filteredOn(r -> r.headSha().equals(newHead)).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("ACS");
      assertThat(r.title()).isEqualTo("Repair attempt 1 pushed");
    });
  }
}
