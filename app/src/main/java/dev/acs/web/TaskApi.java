package dev.acs.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskListing;
import dev.acs.task.TaskState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api/v1}: the task list (same filters and paging as the page), one
 * task with its plan, events and policy decisions, its live events as server-sent events, and the
 * OpenAPI document that describes all of it. Unidentified callers get 401; a task the caller
 * cannot read is 404, as if it did not exist.
 */
final class TaskApi {
  private final Visitors visitors;
  private final TaskViews views;

  TaskApi(Visitors visitors, TaskViews views) {
    this.visitors = visitors;
    this.views = views;
  }

  void addRoutes(Javalin app) {
    app.get("/api/v1/openapi.json", this::openApi);
    app.get("/api/v1/tasks", this::list);
    app.get("/api/v1/tasks/{id}", this::one);
    app.get("/api/v1/tasks/{id}/events", ctx -> {
      Optional<Viewer> viewer = viewer(ctx);
      if (viewer.isEmpty()) {
        return;
      }
      Optional<Task> task = views.task(viewer.get(), ctx.pathParam("id"));
      if (task.isEmpty()) {
        notFound(ctx);
        return;
      }
      new LiveEvents(views).stream(ctx, task.get(), lastEventId(ctx));
    });
  }

  private Optional<Viewer> viewer(Context ctx) {
    Optional<Viewer> viewer = visitors.identify(ctx);
    if (viewer.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"acs\"");
      json(ctx, 401, Map.of("error", "unauthorized", "message", "sign in, or send Authorization: Bearer <GitHub token>"));
    }
    return viewer;
  }

  private void list(Context ctx) {
    Optional<Viewer> viewer = viewer(ctx);
    if (viewer.isEmpty()) {
      return;
    }
    String repository = ctx.queryParam("repository");
    Optional<TaskState> state = TaskPages.parseState(ctx.queryParam("state"));
    if (state == null) {
      json(ctx, 400, Map.of("error", "bad_request", "message", "state must be one of " + Arrays.toString(TaskState.values())));
      return;
    }
    int page = TaskPages.pageNumber(ctx.queryParam("page"));
    int perPage = perPage(ctx.queryParam("per_page"));
    TaskListing.Page found = views.page(viewer.get(),
        new TaskListing.Filter(Optional.ofNullable(repository).filter(r -> !r.isBlank()), state), (page - 1) * perPage, perPage);
    Map<String, String> triggers = views.triggers(found.tasks());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tasks", found.tasks().stream().map(t -> summary(t, triggers.get(t.id()))).toList());
    body.put("total", found.total());
    body.put("page", page);
    body.put("per_page", perPage);
    body.put("has_next", found.hasNext());
    json(ctx, 200, body);
  }

  private void one(Context ctx) {
    Optional<Viewer> viewer = viewer(ctx);
    if (viewer.isEmpty()) {
      return;
    }
    Optional<Task> found = views.task(viewer.get(), ctx.pathParam("id"));
    if (found.isEmpty()) {
      notFound(ctx);
      return;
    }
    Task task = found.get();
    Map<String, Object> body = summary(task, views.triggers(List.of(task)).get(task.id()));
    body.put("plan", views.plan(task).orElse(null));
    body.put("events", views.events(task).stream().map(TaskApi::event).toList());
    body.put("policy_decisions", views.decisions(task).stream().map(d -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("decided_at", d.entry().decidedAt().toString());
      m.put("action", d.entry().action());
      m.put("allowed", d.entry().allowed());
      m.put("deny", d.deny());
      m.put("warn", d.warn());
      m.put("engine", d.entry().engine());
      m.put("latency_ms", d.entry().latencyMs());
      return m;
    }).toList());
    json(ctx, 200, body);
  }

  /** The fields of a task in the list and on its own. */
  static Map<String, Object> summary(Task t, String trigger) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("repository", t.repoFullName());
    m.put("issue", t.issueNumber());
    m.put("title", t.title());
    m.put("state", t.state().name());
    m.put("trigger", trigger);
    m.put("requested_by", t.requestedBy());
    m.put("branch", t.branch());
    m.put("pull_request", t.prNumber());
    m.put("head_sha", t.headSha());
    m.put("attempts", t.attempts());
    m.put("tokens", t.tokens());
    m.put("cost_usd", t.costUsd());
    m.put("last_failure", t.lastFailure());
    m.put("waiting_for", TaskViews.waitingFor(t, Instant.now()));
    m.put("created_at", t.createdAt().toString());
    m.put("updated_at", t.updatedAt().toString());
    m.put("html_url", "/tasks/" + t.id());
    return m;
  }

  static Map<String, Object> event(TaskEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("at", e.at().toString());
    m.put("kind", e.kind());
    m.put("summary", e.summary());
    return m;
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = TaskApi.class.getResourceAsStream("/dev/acs/web/openapi.json")) {
      if (in == null) {
        throw new IOException("openapi.json is missing from the jar");
      }
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }

  private static long lastEventId(Context ctx) {
    String header = ctx.header("Last-Event-ID");
    try {
      return header == null ? 0 : Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int perPage(String text) {
    try {
      return text == null ? TaskPages.PER_PAGE : Math.max(1, Math.min(TaskListing.MAX_PAGE, Integer.parseInt(text)));
    } catch (NumberFormatException e) {
      return TaskPages.PER_PAGE;
    }
  }

  private static void notFound(Context ctx) {
    json(ctx, 404, Map.of("error", "not_found", "message", "no such task"));
  }

  static void json(Context ctx, int status, Object body) {
    String text;
    try {
      text = Json.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an API answer does not serialise", e);
    }
    ctx.status(status).contentType("application/json").result(text);
  }
}
