package dev.acs.web;

import dev.acs.task.Task;
import dev.acs.task.TaskListing;
import dev.acs.task.TaskState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages: the task list at {@code /}, the task page at {@code /tasks/{id}} (with the session as
 * a fragment at {@code /tasks/{id}/session} for the live view), and its buttons as POST forms. A
 * visitor who is not identified goes to the login page; a task the viewer cannot read is a 404.
 */
public final class TaskPages {
  static final int PER_PAGE = 25;

  private final Visitors visitors;
  private final TaskViews views;
  private final Optional<TaskActions> actions;

  public TaskPages(Visitors visitors, TaskViews views, Optional<TaskActions> actions) {
    this.visitors = visitors;
    this.views = views;
    this.actions = actions;
  }

  /**
   * Adds the pages, the API and the visitors' own routes (login, logout) to {@code app}, and the
   * {@link SecurityHeaders} to every answer of it.
   */
  public void addRoutes(Javalin app) {
    new SecurityHeaders(visitors.loginOrigin()).addTo(app);
    visitors.addRoutes(app);
    app.get("/", this::list);
    app.get("/tasks/{id}", this::task);
    app.get("/tasks/{id}/session", this::session);
    app.post("/tasks/{id}/{action}", this::act);
    app.get("/assets/acs.css", ctx -> asset(ctx, "acs.css", "text/css; charset=utf-8"));
    app.get("/assets/live.js", ctx -> asset(ctx, "live.js", "text/javascript; charset=utf-8"));
    new TaskApi(visitors, views).addRoutes(app);
  }

  /**
   * Without any {@link Visitors}: {@code /} says how to turn the pages on, and so does a task page
   * address (with 404), since {@code ACS_PUBLIC_URL} alone already puts those links in comments.
   */
  public static void addPagesOff(Javalin app) {
    new SecurityHeaders(Optional.empty()).addTo(app);
    app.get("/", ctx -> Templates.page(ctx, 200, "off.jte", Map.of()));
    app.get("/tasks/{id}", ctx -> Templates.page(ctx, 404, "off.jte", Map.of()));
    app.get("/assets/acs.css", ctx -> asset(ctx, "acs.css", "text/css; charset=utf-8"));
  }

  private Optional<Viewer> viewer(Context ctx) {
    Optional<Viewer> viewer = visitors.identify(ctx);
    if (viewer.isEmpty()) {
      Optional<String> login = visitors.loginPath();
      if (login.isPresent()) {
        // Back to the same page after the login, filters included (the login accepts only a path here).
        // A form posted without a session (/tasks/{id}/{action}) goes back to its task page: the
        // way back is a GET, and the action has no GET.
        String here = ctx.method() == HandlerType.POST ? ctx.path().substring(0, ctx.path().lastIndexOf('/'))
            : ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        ctx.redirect(login.get() + "?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
      } else {
        Templates.message(ctx, 401, "Not signed in", null, "This server does not know who you are.");
      }
    }
    return viewer;
  }

  private void list(Context ctx) {
    Optional<Viewer> found = viewer(ctx);
    if (found.isEmpty()) {
      return;
    }
    Viewer viewer = found.get();
    String repository = blankToNull(ctx.queryParam("repository"));
    String state = blankToNull(ctx.queryParam("state"));
    int page = pageNumber(ctx.queryParam("page"));
    Optional<TaskState> wanted = parseState(state);
    if (wanted == null) {
      message(ctx, 400, "No such state", viewer, "A task is in one of " + Arrays.toString(TaskState.values()) + ".");
      return;
    }
    TaskListing.Page tasks = views.page(viewer, new TaskListing.Filter(Optional.ofNullable(repository), wanted),
        (page - 1) * PER_PAGE, PER_PAGE);
    Map<String, String> triggers = views.triggers(tasks.tasks());
    Instant now = Instant.now();
    List<ListPage.Row> rows = new ArrayList<>();
    for (Task t : tasks.tasks()) {
      rows.add(new ListPage.Row(t.id(), title(t), t.repoFullName(), t.issueNumber(), views.issueUrl(t), t.state().name(),
          TaskPage.stateClass(t), triggers.getOrDefault(t.id(), "—"), t.requestedBy() == null ? "—" : "@" + t.requestedBy(),
          t.createdAt().toString(), TaskPage.age(t.createdAt(), now), TaskPage.spend(t)));
    }
    String caption = tasks.total() == 0 ? "No tasks"
        : "Tasks " + (tasks.offset() + 1) + "–" + (tasks.offset() + rows.size()) + " of " + tasks.total() + ", newest first";
    ListPage model = new ListPage(viewer.login(), viewer.csrfToken(), visitors.logoutPath().orElse(null), views.repositories(viewer), repository,
        Arrays.stream(TaskState.values()).map(Enum::name).toList(), state, rows, caption,
        tasks.hasPrevious() ? listUrl(repository, state, page - 1) : null,
        tasks.hasNext() ? listUrl(repository, state, page + 1) : null);
    Templates.page(ctx, 200, "tasks.jte", Map.of("page", model));
  }

  private void task(Context ctx) {
    withTask(ctx, (viewer, task) -> Templates.page(ctx, 200, "task.jte", Map.of("page", page(viewer, task, null))));
  }

  private void session(Context ctx) {
    withTask(ctx, (viewer, task) -> {
      ctx.contentType("text/html; charset=utf-8").result(Templates.render("session.jte", Map.of("items", SessionView.of(views.session(task)))));
    });
  }

  private void act(Context ctx) {
    withTask(ctx, (viewer, task) -> {
      if (!sameToken(viewer.csrfToken(), ctx.formParam("csrf"))) {
        message(ctx, 403, "Form expired", viewer,
            "This form did not carry the right token (it is older than your session, or came from another site). Reload the task page and try again.");
        return;
      }
      TaskActions.Action action = TaskActions.Action.of(ctx.pathParam("action"));
      if (action == null || actions.isEmpty()) {
        message(ctx, 404, "Not found", viewer, "There is no such action here.");
        return;
      }
      TaskActions.Outcome outcome = actions.get().perform(action, task, viewer);
      Task now = views.reload(task).orElse(task);
      Templates.page(ctx, outcome.done() ? 200 : 409, "task.jte", Map.of("page", page(viewer, now, outcome.message())));
    });
  }

  private interface TaskHandler {
    void handle(Viewer viewer, Task task);
  }

  private void withTask(Context ctx, TaskHandler handler) {
    Optional<Viewer> viewer = viewer(ctx);
    if (viewer.isEmpty()) {
      return;
    }
    Optional<Task> task = views.task(viewer.get(), ctx.pathParam("id"));
    if (task.isEmpty()) {
      message(ctx, 404, "Not found", viewer.get(), "There is no task " + ctx.pathParam("id") + " that you can see.");
      return;
    }
    handler.handle(viewer.get(), task.get());
  }

  private void message(Context ctx, int status, String title, Viewer viewer, String text) {
    Templates.message(ctx, status, title, viewer.login(), text, viewer.csrfToken(), visitors.logoutPath().orElse(null));
  }

  private TaskPage page(Viewer viewer, Task task, String flash) {
    List<TaskPage.Button> buttons = new ArrayList<>();
    if (actions.isPresent()) {
      if (TaskActions.offered(TaskActions.Action.APPROVE, task)) {
        buttons.add(new TaskPage.Button("approve", "Approve the plan", "ACS implements the plan, as /acs approve does."));
      }
      if (TaskActions.offered(TaskActions.Action.STOP, task)) {
        buttons.add(new TaskPage.Button("stop", "Stop", "Cancels queued and running work, as /acs stop does; nothing unfinished is pushed."));
      }
      if (TaskActions.offered(TaskActions.Action.RETRY, task)) {
        buttons.add(new TaskPage.Button("retry", "Retry", "Starts the task afresh from the default branch, as /acs implement does."));
      }
    }
    TaskViews.PlanView plan = views.plan(task).orElse(null);
    boolean planDone = task.prNumber() != null || task.state() == TaskState.DONE;
    return new TaskPage(viewer.login(), viewer.csrfToken(), task, views.issueUrl(task), views.pullRequestUrl(task),
        TaskViews.waitingFor(task, Instant.now()), !task.state().ended(), plan, planDone, views.events(task), views.decisions(task),
        "$" + views.budget().maxCostUsd().toPlainString() + " and " + String.format(java.util.Locale.ROOT, "%,d", views.budget().maxTokens()) + " tokens",
        TaskPage.percent(task.costUsd(), views.budget().maxCostUsd()), SessionView.of(views.session(task)), buttons, flash,
        visitors.logoutPath().orElse(null));
  }

  static String title(Task t) {
    return t.title() == null || t.title().isBlank() ? "Issue #" + t.issueNumber() : t.title();
  }

  /** The state named in a filter; empty for none; null when no state has that name. */
  static Optional<TaskState> parseState(String state) {
    if (state == null) {
      return Optional.empty();
    }
    return Arrays.stream(TaskState.values()).filter(s -> s.name().equals(state)).findFirst().orElse(null) == null
        ? null : Optional.of(TaskState.valueOf(state));
  }

  static int pageNumber(String text) {
    try {
      return text == null ? 1 : Math.max(1, Math.min(100_000, Integer.parseInt(text)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static String listUrl(String repository, String state, int page) {
    StringBuilder sb = new StringBuilder("/?page=").append(page);
    if (repository != null) {
      sb.append("&repository=").append(URLEncoder.encode(repository, StandardCharsets.UTF_8));
    }
    if (state != null) {
      sb.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Constant time, so the token does not leak through timing. */
  static boolean sameToken(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static void asset(Context ctx, String name, String type) throws IOException {
    try (InputStream in = TaskPages.class.getResourceAsStream("/dev/acs/web/" + name)) {
      if (in == null) {
        ctx.status(404);
        return;
      }
      ctx.contentType(type).header("Cache-Control", "max-age=300").result(in.readAllBytes());
    }
  }
}
