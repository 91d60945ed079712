package dev.acs.cli;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.RepoConfigException;
import dev.acs.github.GitHubApps;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.GitHubAccess;
import dev.acs.pipeline.InlineTaskQueue;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskPipeline;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.event.CheckRunEvent;
import dev.acs.webhook.event.CheckSuiteEvent;
import dev.acs.webhook.event.IssueCommentEvent;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PullRequestEvent;
import dev.acs.webhook.event.PullRequestRef;
import dev.acs.webhook.event.PullRequestReviewCommentEvent;
import dev.acs.webhook.event.PullRequestReviewEvent;
import dev.acs.webhook.event.WebhookEvent;
import dev.acs.webhook.event.WorkflowRunEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code acs action}: ACS as a step of a GitHub Actions workflow (see action/action.yml and
 * docs/action.md). It reads the workflow's event from {@code GITHUB_EVENT_NAME} and {@code
 * GITHUB_EVENT_PATH}, acts with {@code GITHUB_TOKEN} on {@code GITHUB_REPOSITORY}, runs the
 * pipeline at once in the runner (which is the sandbox: the agent's checks run the repository's
 * test command), and writes {@code pr-number}, {@code task-status} and {@code task-id} to
 * {@code GITHUB_OUTPUT}.
 */
@Command(
    name = "action",
    mixinStandardHelpOptions = true,
    description = {
      "Run as a step of a GitHub Actions workflow.",
      "Handles the workflow's event (a labeled issue; /acs comments and failed workflow runs as they land)"
          + " with GITHUB_TOKEN, runs the pipeline in the runner and writes step outputs.",
      "Inputs come as environment variables (ACS_ACTION_ISSUE, ACS_ACTION_LABEL, ACS_ACTION_TEST_COMMAND,"
          + " ACS_ACTION_MAX_ATTEMPTS, ACS_MODEL, ACS_POLICY_BUNDLE, ACS_APP_SLUG, ACS_BOT_USER_ID). See docs/action.md."
    })
public final class ActionCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ActionCommand.class);

  static final String ISSUE_VAR = "ACS_ACTION_ISSUE";
  static final String LABEL_VAR = "ACS_ACTION_LABEL";
  static final String TEST_COMMAND_VAR = "ACS_ACTION_TEST_COMMAND";
  static final String MAX_ATTEMPTS_VAR = "ACS_ACTION_MAX_ATTEMPTS";

  private final Map<String, String> vars;

  public ActionCommand() {
    this(System.getenv());
  }

  ActionCommand(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  @Override
  public Integer call() throws Exception {
    Env given = new Env(vars);
    String eventName = given.require("GITHUB_EVENT_NAME", "acs action runs as a step of a GitHub Actions workflow");
    String token = given.require("GITHUB_TOKEN", "give the step the workflow token (env GITHUB_TOKEN: ${{ github.token }}; the action does this)");
    String repoName = given.require("GITHUB_REPOSITORY", "acs action runs as a step of a GitHub Actions workflow");
    Optional<Integer> issue = given.get(ISSUE_VAR).map(ActionCommand::issueNumber);
    GitHubApps.TokenIdentity me = identity(given, token);
    Env env = new Env(withRunnerDefaults(vars, me));
    try {
      return run(env, eventName, token, repoName, issue, me);
    } catch (RepoConfigException e) {
      // .github/acs.yml with the inputs over it does not parse: a configuration mistake, not a crash.
      throw new ConfigException("the settings of this run (.github/acs.yml with the action's inputs over it): " + e.getMessage());
    }
  }

  private int run(Env env, String eventName, String token, String repoName, Optional<Integer> issue, GitHubApps.TokenIdentity me)
      throws Exception {
    RepoGitHub github = SettingsOverlay.over(
        GitHubApps.forToken(token, repoName, GitHubApps.apiUrl(env), GitHubApps.waits(env), me.login()), SettingsOverlay.fromInputs(env));
    GitHubAccess access = (installation, name) -> {
      if (!repoName.equalsIgnoreCase(name)) {
        throw new UserError("the event is about " + name + " but the workflow runs in " + repoName + "; ACS acts only on the workflow's repository");
      }
      return github;
    };
    try (Database db = env.get("ACS_DATABASE_URL").isPresent() ? Database.fromEnv(env) : Database.inMemory("acs-action-" + java.util.UUID.randomUUID())) {
      TaskServices services = TaskWiring.services(env, db, access, true);
      if (!services.agents().configured()) {
        throw new ConfigException("no model is configured: set the action's `model` input (ACS_MODEL), e.g. anthropic:claude-sonnet-4-5");
      }
      log.info("ACS action: event {} on {} as {}; {}; {}", eventName, repoName, me.login(), services.policyDescription(),
          services.agents().describe());

      Optional<Task> task;
      String outcome;
      if (issue.isPresent()) {
        task = startIssue(env, services, github, issue.get());
        outcome = task.isPresent() ? "started on issue #" + issue.get() : "not started on issue #" + issue.get();
      } else {
        Path payload = Path.of(env.require("GITHUB_EVENT_PATH", "the runner sets it to the event's payload file"));
        if (!Files.isRegularFile(payload)) {
          throw new UserError("GITHUB_EVENT_PATH " + payload + " is not a file");
        }
        String delivery = "actions-run-" + env.get("GITHUB_RUN_ID", "local") + "-" + env.get("GITHUB_RUN_ATTEMPT", "1");
        InlineEvents.Result r = InlineEvents.forTasks(services, true).dispatch(eventName, Files.readAllBytes(payload), delivery);
        if (r.outcome() == InlineEvents.Outcome.MALFORMED) {
          writeOutputs(env, "MALFORMED", null, null);
          throw new UserError("the " + eventName + " payload at " + payload + " cannot be read: " + r.detail());
        }
        outcome = r.outcome() == InlineEvents.Outcome.HANDLED ? "handled " + r.detail() : "ignored: " + r.detail();
        task = r.outcome() == InlineEvents.Outcome.HANDLED ? taskOf(services, repoName, r.event()) : Optional.empty();
      }
      String status = task.map(t -> t.state().name()).orElse("IGNORED");
      Integer pr = task.map(Task::prNumber).orElse(null);
      writeOutputs(env, status, pr, task.map(Task::id).orElse(null));
      summary(env, outcome, task);
      log.info("ACS action: {}; task-status {}{}", outcome, status, pr == null ? "" : ", pull request #" + pr);
      return task.map(t -> t.state() == TaskState.FAILED ? 1 : 0).orElse(0);
    }
  }

  /** The {@code issue} input: work on this issue whatever the event (workflow_dispatch, schedule). */
  private static Optional<Task> startIssue(Env env, TaskServices services, RepoGitHub github, int number) {
    RepoGitHub.IssueInfo info = github.issue(number);
    if (info.pullRequest()) {
      throw new UserError("#" + number + " is a pull request; the issue input takes an issue number");
    }
    String actor = env.require("GITHUB_ACTOR", "the runner sets it to who started the workflow");
    Requester who = new Requester(actor, "User", null, env.get("GITHUB_EVENT_NAME", "workflow_dispatch"), "", null, false);
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));
    Task started = start.start(github, null, number, info.title(), who, true);
    return started == null ? Optional.empty() : services.tasks().find(started.id());
  }

  /** The task the event was about, as the handlers left it. */
  private static Optional<Task> taskOf(TaskServices services, String repo, WebhookEvent event) {
    if (event instanceof IssuesEvent e) {
      return services.tasks().findByIssue(repo, e.issue().number());
    }
    if (event instanceof IssueCommentEvent e) {
      return services.tasks().findByPullRequest(repo, e.issue().number()).or(() -> services.tasks().findByIssue(repo, e.issue().number()));
    }
    List<PullRequestRef> pulls = switch (event) {
      case WorkflowRunEvent e -> e.workflowRun().pullRequests();
      case CheckSuiteEvent e -> e.checkSuite().pullRequests();
      case CheckRunEvent e -> e.checkRun().pullRequests();
      default -> List.of();
    };
    Integer pr = switch (event) {
      case PullRequestEvent e -> e.pullRequest().number();
      case PullRequestReviewEvent e -> e.pullRequest().number();
      case PullRequestReviewCommentEvent e -> e.pullRequest().number();
      default -> pulls.isEmpty() ? null : pulls.get(0).number();
    };
    return pr == null ? Optional.empty() : services.tasks().findByPullRequest(repo, pr);
  }

  static int issueNumber(String text) {
    String t = text.strip();
    if (t.startsWith("#")) {
      t = t.substring(1);
    }
    try {
      int n = Integer.parseInt(t);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(ISSUE_VAR + " (the action's issue input) must be an issue number such as 12, got '" + text + "'");
  }

  /**
   * Who ACS is in this run: the App's bot account when the workflow gives an App installation
   * token and the App's slug ({@code app-slug} input, {@code ACS_APP_SLUG}; {@code ACS_BOT_USER_ID}
   * optional), else whoever the token acts as according to GitHub (GraphQL {@code viewer}):
   * {@code github-actions[bot]} for the workflow's own token, {@code <slug>[bot]} for an App's. Never
   * a guess: with a wrong identity ACS would not find its own comments (and post its plan twice),
   * would judge its own check run, and would take its own pushes for a person's.
   */
  static GitHubApps.TokenIdentity identity(Env env, String token) {
    String api = GitHubApps.apiUrl(env);
    Optional<String> slug = env.get("ACS_APP_SLUG").filter(v -> !v.isBlank());
    if (slug.isPresent()) {
      Long id = env.get("ACS_BOT_USER_ID").filter(v -> !v.isBlank()).map(ActionCommand::userId).orElse(null);
      return GitHubApps.appIdentity(slug.get(), id, token, api, GitHubApps.waits(env));
    }
    return GitHubApps.identityOf(token, api, GitHubApps.waits(env));
  }

  private static long userId(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException("ACS_BOT_USER_ID must be the numeric id of the App's bot user, got '" + text + "'", e);
    }
  }

  /**
   * Where the runner wants things: work trees and transcripts in {@code RUNNER_TEMP} (not in the
   * checkout), the clone URL from {@code GITHUB_SERVER_URL} (GitHub Enterprise too), commits by
   * the account the token acts as ({@code me}). Anything the workflow sets itself wins.
   */
  static Map<String, String> withRunnerDefaults(Map<String, String> vars, GitHubApps.TokenIdentity me) {
    Map<String, String> out = new HashMap<>(vars);
    String temp = blankToNull(vars.get("RUNNER_TEMP"));
    if (temp != null) {
      out.putIfAbsent("ACS_WORK_DIR", Path.of(temp, "acs", "work").toString());
      out.putIfAbsent("ACS_TRANSCRIPT_DIR", Path.of(temp, "acs", "transcripts").toString());
    }
    String server = blankToNull(vars.get("GITHUB_SERVER_URL"));
    if (server != null) {
      out.putIfAbsent("ACS_GIT_URL", server);
    }
    out.putIfAbsent("ACS_GIT_AUTHOR_NAME", me.login());
    out.putIfAbsent("ACS_GIT_AUTHOR_EMAIL", (me.userId() == null ? "" : me.userId() + "+") + me.login() + "@users.noreply.github.com");
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static void writeOutputs(Env env, String status, Integer pr, String taskId) throws IOException {
    Optional<String> file = env.get("GITHUB_OUTPUT");
    if (file.isEmpty()) {
      return;
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("task-status", status);
    outputs.put("pr-number", pr == null ? "" : pr.toString());
    outputs.put("task-id", taskId == null ? "" : taskId);
    StringBuilder text = new StringBuilder();
    outputs.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(Path.of(file.get()), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void summary(Env env, String outcome, Optional<Task> task) throws IOException {
    Optional<String> file = env.get("GITHUB_STEP_SUMMARY");
    if (file.isEmpty()) {
      return;
    }
    StringBuilder md = new StringBuilder("### ACS\n\n").append(outcome).append("\n\n");
    task.ifPresent(t -> {
      md.append("| task | issue | state | pull request | cost |\n| --- | --- | --- | --- | --- |\n");
      md.append("| `").append(t.id()).append("` | #").append(t.issueNumber()).append(" | ").append(t.state())
          .append(" | ").append(t.prNumber() == null ? "" : "#" + t.prNumber()).append(" | $").append(t.costUsd())
          .append(" (").append(t.tokens()).append(" tokens) |\n");
      if (t.lastFailure() != null) {
        md.append("\n").append(t.lastFailure().replace("\n", " ")).append("\n");
      }
    });
    Files.writeString(Path.of(file.get()), md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
