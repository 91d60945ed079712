package dev.acs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import dev.acs.pipeline.PipelineRig;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API, its paging and filters, the OpenAPI document and the live events, over HTTP. */
class TaskApiTest {
  static final String OTHER = "octo/other";
  static final Instant BASE = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path tmp;
  PipelineRig rig;
  WebRig web;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    web = new WebRig(rig, new TestVisitors(Map.of(
        "alice-token", new TestVisitors.Person("alice", false, Set.of(PipelineRig.REPO, OTHER), "csrf-of-alice"))));
  }

  @AfterEach
  void tearDown() throws Exception {
    web.close();
  }

  /** Task {@code i} of a repository, created {@code i} minutes after {@link #BASE}. */
  Task createdAt(String repo, int i) {
    return new TaskStore(rig.db.dataSource(), Clock.fixed(BASE.plusSeconds(60L * i), ZoneOffset.UTC)).findOrCreate(repo, i, null, "Task " + i);
  }

  @Test
  void tasksComeNewestFirstInPagesAndFilteredByRepositoryAndState() throws Exception {
    for (int i = 1; i <= 30; i++) {
      Task t = createdAt(i % 3 == 0 ? OTHER : PipelineRig.REPO, i);
      if (i % 5 == 0) {
        rig.tasks.transition(t.id(), TaskState.FAILED, "test");
      }
    }

    JsonNode first = json("/api/v1/tasks");
    assertThat(first.path("total").asInt()).isEqualTo(30);
    assertThat(first.path("tasks")).hasSize(25);
    assertThat(first.path("has_next").asBoolean()).isTrue();
    assertThat(first.path("tasks").get(0).path("issue").asInt()).isEqualTo(30);
    assertThat(first.path("tasks").get(24).path("issue").asInt()).isEqualTo(6);
    JsonNode second = json("/api/v1/tasks?page=2");
    assertThat(issues(second)).containsExactly(5, 4, 3, 2, 1);
    assertThat(second.path("has_next").asBoolean()).isFalse();

    assertThat(issues(json("/api/v1/tasks?repository=" + OTHER + "&per_page=100"))).containsExactly(30, 27, 24, 21, 18, 15, 12, 9, 6, 3);
    assertThat(issues(json("/api/v1/tasks?state=FAILED"))).containsExactly(30, 25, 20, 15, 10, 5);
    assertThat(issues(json("/api/v1/tasks?state=FAILED&repository=" + OTHER))).containsExactly(30, 15);
    assertThat(web.get("/api/v1/tasks?state=SLEEPING", "alice-token").statusCode()).isEqualTo(400);

    String html = web.get("/?state=NEW&repository=" + PipelineRig.REPO, "alice-token").body();
    assertThat(html).contains("Tasks 1–16 of 16, newest first").doesNotContain("Older →");
    String page1 = web.get("/", "alice-token").body();
    assertThat(page1).contains("Tasks 1–25 of 30", "href=\"/?page=2\"").doesNotContain("← Newer");
    String filtered = web.get("/?state=FAILED&per_page=2", "alice-token").body();
    assertThat(filtered).contains("Tasks 1–6 of 6");
  }

  @Test
  void oneTaskCarriesItsPlanEventsAndPolicyDecisions() throws Exception {
    Task task = rig.openPullRequest();

    JsonNode one = json("/api/v1/tasks/" + task.id());

    assertThat(one.path("state").asText()).isEqualTo("PR_OPEN");
    assertThat(one.path("pull_request").asInt()).isEqualTo(task.prNumber());
    assertThat(one.path("trigger").asText()).isEqualTo("issues labeled");
    assertThat(one.path("requested_by").asText()).isEqualTo("alice");
    assertThat(one.path("plan").path("steps").get(0).asText()).isEqualTo("Change the greeting");
    assertThat(one.path("events").findValuesAsText("summary")).anyMatch(e -> e.startsWith("IMPLEMENTING → PR_OPEN"));
    assertThat(one.path("policy_decisions").findValuesAsText("action")).contains("plan", "push", "open_pr");
    assertThat(one.path("policy_decisions").get(0).path("engine").asText()).isNotBlank();
    assertThat(one.path("html_url").asText()).isEqualTo("/tasks/" + task.id());
  }

  @Test
  void everyDocumentedPathAnswers() throws Exception {
    Task ended = rig.tasks.findOrCreate(PipelineRig.REPO, 9, null, "Ended");
    rig.tasks.transition(ended.id(), TaskState.FAILED, "for the test");
    JsonNode doc = Json.MAPPER.readTree(web.get("/api/v1/openapi.json", null).body());
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");

    List<String> paths = new ArrayList<>();
    doc.path("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).containsExactlyInAnyOrder("/api/v1/openapi.json", "/api/v1/tasks", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}/events");
    for (String p : paths) {
      HttpResponse<String> r = web.get(p.replace("{id}", ended.id()), "alice-token");
      assertThat(r.statusCode()).as(p).isEqualTo(200);
      assertThat(doc.path("paths").path(p).path("get").path("responses").has("200")).as(p).isTrue();
      String type = doc.path("paths").path(p).path("get").path("responses").path("200").path("content").fieldNames().next();
      assertThat(r.headers().firstValue("Content-Type").orElse("")).as(p).startsWith(type);
    }
    assertThat(web.get("/api/v1/tasks/" + ended.id() + "/events", "alice-token").body()).contains("event: end");
  }

  @Test
  void liveEventsArriveWhileTheTaskRunsAndTheStreamEndsWithIt() throws Exception {
    Task task = rig.tasks.findOrCreate(PipelineRig.REPO, 12, null, "Running");
    rig.tasks.transition(task.id(), TaskState.IMPLEMENTING, "for the test");
    BlockingQueue<String> lines = stream(task, null);

    assertThat(until(lines, "IMPLEMENTING")).anyMatch(l -> l.contains("NEW → IMPLEMENTING"));
    rig.tasks.appendEvent(task.id(), "model_call", "step 3: edit_file src/Main.java", null);
    List<String> seen = until(lines, "step 3: edit_file");
    long lastId = seen.stream().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4))).reduce((a, b) -> b).orElseThrow();

    // A browser that reconnects with Last-Event-ID misses nothing and sees nothing twice.
    BlockingQueue<String> resumed = stream(task, lastId);
    rig.tasks.appendEvent(task.id(), "tool_call", "run_checks", null);
    assertThat(until(resumed, "run_checks")).noneMatch(l -> l.contains("step 3: edit_file"));

    rig.tasks.transition(task.id(), TaskState.FAILED, "the model gave up");
    assertThat(until(lines, "event: end")).isNotEmpty();
    assertThat(until(lines, "<closed>")).as("the stream closes after end").anyMatch(l -> l.contains("\"state\":\"FAILED\""));
  }

  private BlockingQueue<String> stream(Task task, Long lastEventId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.server.url() + "api/v1/tasks/" + task.id() + "/events"))
        .header("Authorization", "Bearer alice-token");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId.toString());
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    // On a thread of its own: had the response come before thenAccept was attached, a plain
    // thenAccept would read the endless stream on this thread and the test would never get past it.
    web.http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(r -> {
      assertThat(r.statusCode()).isEqualTo(200);
      try (Stream<String> body = r.body()) {
        for (Iterator<String> it = body.iterator(); it.hasNext(); ) {
          lines.add(it.next());
        }
      }
      lines.add("<closed>");
    }, run -> Thread.ofVirtual().start(run));
    return lines;
  }

  /** The lines up to and including the first that contains {@code text}; fails after 20 s without it. */
  private static List<String> until(BlockingQueue<String> lines, String text) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.contains(text)) {
          return seen;
        }
      }
    }
    throw new AssertionError("no line with '" + text + "' arrived; saw " + seen);
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = web.get(path, "alice-token");
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private static List<Integer> issues(JsonNode page) {
    List<Integer> out = new ArrayList<>();
    page.path("tasks").forEach(t -> out.add(t.path("issue").asInt()));
    return out;
  }
}
