package dev.acs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.acs.testing.ModelApiStub.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHubApiStub;
import dev.acs.testing.WebhookPayloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a real task, end to end: a real {@code acs serve} ({@link AppRig}) takes
 * a labeled issue to a draft pull request, repairs a failing check suite and sees the pull request
 * merged; then {@code GET /metrics} is scraped over HTTP and every task metric shows what happened,
 * with bounded labels (no task id, no repository). The Grafana dashboard in {@code docs/grafana}
 * names only metrics the scrape has. With {@code ACS_PUBLIC_URL} set, the plan comment, the pull
 * request body and the ACS check run link to the task page; {@code /readyz} says ready.
 */
class AppTaskMetricsTest {
  static final String PUBLIC_URL = "https://acs.example.com";

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
  void aTaskRunShowsInMetricsLinksAndTheDashboardNamesOnlyScrapedMetrics() throws Exception {
    rig.model.openAi(List.of(
        call("submit_plan", """
            {"summary": "Fix the README typo and greet the world", "steps": ["Correct 'committ'", "Greet the world"],
             "files": ["README.md", "src/main/java/hello/Hello.java"], "risks": ["None"], "verification": "PMD"}"""),
        call("edit_file", "{\"path\": \"README.md\", \"search\": \"committ your work\", \"replace\": \"commit your work\"}"),
        call("edit_file", "{\"path\": \"" + AppRig.HELLO + "\", \"search\": \"return \\\"Hello\\\";\", \"replace\": \"return \\\"Hello, world\\\";\"}"),
        call("finish", "{\"summary\": \"Fixed the typo; greet() says Hello, world.\"}"),
        call("read_file", "{\"path\": \"" + AppRig.HELLO + "\"}"),
        call("edit_file", "{\"path\": \"" + AppRig.HELLO + "\", \"search\": \"return \\\"Hello, world\\\";\", \"replace\": \"return \\\"Hello\\\";\"}"),
        call("finish", "{\"summary\": \"Restored the greeting the failing test expects.\"}")));
    Map<String, String> vars = new HashMap<>(rig.openAi());
    vars.put("ACS_PUBLIC_URL", PUBLIC_URL + "/");
    rig.start(vars);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(get("/healthz?ready").body()).path("status").asText()).isEqualTo("ready");
    assertThat(scrape()).contains("acs_tasks_started_total{trigger=\"label\"} 0.0");

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    Task opened = rig.awaitIssueTask();
    assertThat(opened.state()).as("%s", opened.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    String page = PUBLIC_URL + "/tasks/" + opened.id();
    assertLinks(opened, page);

    String head = opened.headSha();
    int pr = opened.prNumber();
    AppRepairTest.ciFails(rig, head, AppRepairTest.realLog());
    assertThat(rig.deliver("check_suite", WebhookPayloads.of("check_suite/completed.json").installation(AppRig.INSTALLATION)
        .set("/check_suite/head_sha", head).set("/check_suite/head_branch", AppRig.BRANCH).set("/check_suite/conclusion", "failure")
        .set("/check_suite/app/slug", "github-actions")
        .set("/check_suite/pull_requests/0/number", pr).set("/check_suite/pull_requests/0/head/sha", head)
        .set("/check_suite/pull_requests/0/head/ref", AppRig.BRANCH).bytes())).isEqualTo(202);
    TaskStore tasks = rig.tasks();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> tasks.find(opened.id()).map(t -> t.attempts() == 1 && t.state() == TaskState.PR_OPEN && !head.equals(t.headSha())).orElse(false));

    String newHead = tasks.find(opened.id()).orElseThrow().headSha();
    assertThat(rig.deliver("pull_request", WebhookPayloads.of("pull_request/closed.json").repository(AppRig.REPO)
        .installation(AppRig.INSTALLATION).sender("Codertocat", "User").set("/number", pr).set("/pull_request/number", pr)
        .set("/pull_request/merged", true).set("/pull_request/head/ref", AppRig.BRANCH).set("/pull_request/head/sha", newHead).bytes()))
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> tasks.find(opened.id()).orElseThrow().state() == TaskState.DONE);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
        .until(() -> value(scrape(), "acs_jobs{state=\"succeeded\"}") >= 1);
    String metrics = scrape();
    assertThat(value(metrics, "acs_tasks_started_total{trigger=\"label\"}")).isEqualTo(1);
    assertThat(value(metrics, "acs_tasks_finished_total{outcome=\"done\"}")).isEqualTo(1);
    assertThat(value(metrics, "acs_tasks_finished_total{outcome=\"failed\"}")).isZero();
    assertThat(value(metrics, "acs_task_duration_seconds_count")).isEqualTo(1);
    assertThat(value(metrics, "acs_task_duration_seconds_bucket{le=\"604800.0\"}")).isEqualTo(1);
    assertThat(metrics).contains("acs_task_duration_seconds_bucket{le=\"300.0\"}");
    assertThat(value(metrics, "acs_model_calls_total{outcome=\"ok\",provider=\"openai\"}")).isEqualTo(7);
    assertThat(value(metrics, "acs_model_tokens_total{direction=\"input\",provider=\"openai\"}")).isPositive();
    assertThat(value(metrics, "acs_model_tokens_total{direction=\"output\",provider=\"openai\"}")).isPositive();
    assertThat(value(metrics, "acs_model_cost_usd_total{provider=\"openai\"}")).isPositive()
        .isCloseTo(tasks.find(opened.id()).orElseThrow().costUsd().doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(value(metrics, "acs_policy_decisions_total{action=\"plan\",allowed=\"true\",engine=\"guardrails\"}")).isEqualTo(1);
    assertThat(value(metrics, "acs_policy_decisions_total{action=\"push\",allowed=\"true\",engine=\"guardrails\"}")).isEqualTo(2);
    assertThat(value(metrics, "acs_policy_decisions_total{action=\"open_pr\",allowed=\"true\",engine=\"guardrails\"}")).isEqualTo(1);
    assertThat(value(metrics, "acs_repairs_total{kind=\"checks\",outcome=\"pushed\"}")).isEqualTo(1);
    assertThat(value(metrics, "acs_repairs_total{kind=\"review\",outcome=\"pushed\"}")).isZero();
    assertThat(metrics).contains("acs_jobs{state=\"enqueued\"}").contains("acs_jobs{state=\"failed\"}");
    // Bounded labels: nothing that grows with use.
    assertThat(metrics).doesNotContain(opened.id()).doesNotContain("Hello-World").doesNotContain("gpt-4.1").doesNotContain("Codertocat");

    Set<String> dashboard = dashboardMetrics();
    assertThat(dashboard).contains("acs_tasks_started_total", "acs_tasks_finished_total", "acs_task_duration_seconds_bucket",
        "acs_model_calls_total", "acs_model_tokens_total", "acs_model_cost_usd_total", "acs_policy_decisions_total",
        "acs_repairs_total", "acs_jobs");
    for (String name : dashboard) {
      assertThat(metrics).as("the dashboard's %s is in the scrape", name).containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
    }
  }

  private void assertLinks(Task task, String page) {
    List<GitHubApiStub.Comment> plans = rig.repo.comments(1).stream().filter(c -> c.body().contains("<!-- acs:plan -->")).toList();
    assertThat(plans).singleElement().satisfies(c -> assertThat(c.body()).contains("(" + page + ")"));
    assertThat(rig.repo.pullRequests()).singleElement().satisfies(p -> assertThat(p.body()).contains("(" + page + ")"));
    List<String> created = rig.github.wireMock().findAll(postRequestedFor(urlPathEqualTo("/repos/" + AppRig.REPO + "/check-runs")))
        .stream().map(r -> {
          try {
            return Json.MAPPER.readTree(r.getBodyAsString()).path("details_url").asText();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).toList();
    assertThat(created).isNotEmpty().containsOnly(page);
    assertThat(task.checkRunId()).isNotNull();
  }

  /** Every {@code acs_*} series the dashboard's queries read. */
  static Set<String> dashboardMetrics() throws Exception {
    Path file = Path.of(System.getProperty("acs.root.dir", "..")).resolve("docs/grafana/acs.json");
    JsonNode dashboard = Json.MAPPER.readTree(Files.readString(file));
    Set<String> names = new TreeSet<>();
    Pattern metric = Pattern.compile("\\bacs_[a-z_]+");
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher m = metric.matcher(expr.asText());
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sample's value in Prometheus text, or -1 when the series is absent. */
  static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
