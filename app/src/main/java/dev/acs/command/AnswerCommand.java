package dev.acs.command;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.GitHubException;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.Gatekeeper;
import dev.acs.pipeline.GitHubReach;
import dev.acs.pipeline.RepairQueue;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.StopTask;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskRepairs;
import dev.acs.pipeline.TaskReports;
import dev.acs.pipeline.TaskServices;
import dev.acs.pipeline.TriggerSettings;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssueCommentEvent;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /acs} commands in issue and pull-request comments ({@code issue_comment} created or
 * edited): parse, react 👀, ask the gate ({@code command}, with {@code trigger.command}), do it,
 * react 🚀 (or 😕 with a reply saying why). An edited comment runs again only if its command
 * changed. Work that takes long is queued; the reaction then says it was taken on, except for
 * {@code /acs fix}, whose job reacts when its commit is pushed.
 */
public final class AnswerCommand {
  private static final Logger log = LoggerFactory.getLogger(AnswerCommand.class);

  private final TaskServices services;
  private final StartTask start;
  private final TaskQueue tasks;
  private final RepairQueue repairs;
  private final GitHubReach reach;

  public AnswerCommand(TaskServices services, StartTask start, TaskQueue tasks, RepairQueue repairs) {
    this(services, start, tasks, repairs, GitHubReach.APP);
  }

  public AnswerCommand(TaskServices services, StartTask start, TaskQueue tasks, RepairQueue repairs, GitHubReach reach) {
    this.services = services;
    this.start = start;
    this.tasks = tasks;
    this.repairs = repairs;
    this.reach = reach;
  }

  /** The reaction that ends a command: done, failed, or none yet (a job will react). */
  private enum Result { DONE, FAILED, QUEUED }

  public void onComment(IssueCommentEvent event, DeliveryContext delivery) {
    if (!reach.accepts(delivery) || event.sender().isBot()) {
      return;
    }
    String body = event.comment().body();
    if ("edited".equals(event.action())) {
      String before = event.changes() == null ? null : event.changes().bodyFrom();
      if (before == null || !CommandParser.changedByEdit(before, body)) {
        return;
      }
    }
    AcsCommand command = CommandParser.parse(body).orElse(null);
    if (command == null) {
      return;
    }
    String repo = event.repository().fullName();
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    long commentId = event.comment().id();
    int number = event.issue().number();
    RepoConfig.Loaded loaded;
    RepoConfig config;
    try {
      loaded = TriggerSettings.load(github, number);
      config = loaded.config();
    } catch (RepoConfigException e) {
      explainBrokenSettings(github, number, commentId, command, e);
      return; // permanent until someone fixes the file: retrying the delivery would only repeat this
    }
    if (!config.enabled()) {
      return;
    }
    react(github, commentId, "eyes");
    String login = event.sender().login();
    Requester who = new Requester(login, event.sender().type(), github.permissionOf(login), "issue_comment", event.action(),
        command.policyName(), false);
    Optional<Task> task = taskOf(repo, number, event.issue().isPullRequest());
    Result result;
    try {
      result = switch (command.name()) {
        case PLAN, IMPLEMENT -> config.triggers().command()
            ? startTask(github, delivery, event, who, command.name() == AcsCommand.Name.IMPLEMENT)
            : commandsOff(github, number, command);
        default -> allowed(github, number, who, task.orElse(null))
            ? dispatch(github, command, event, who, task, commentId, loaded) : Result.FAILED;
      };
    } catch (RuntimeException e) {
      log.warn("/acs {} on {}#{} failed", command.policyName(), repo, number, e);
      github.comment(number, "😕 `/acs " + command.policyName() + "` failed: " + oneLine(e.getMessage()));
      result = Result.FAILED;
    }
    if (result != Result.QUEUED) {
      react(github, commentId, result == Result.DONE ? "rocket" : "confused");
    }
  }

  /**
   * A {@code .github/acs.yml} that cannot be used: 😕 on the command and one comment (edited, not
   * repeated, on later commands) that says what is wrong and on which line.
   */
  private static void explainBrokenSettings(RepoGitHub github, int number, long commentId, AcsCommand command, RepoConfigException e) {
    log.warn("/acs {} on {}#{}: {}", command.policyName(), github.fullName(), number, e.getMessage());
    react(github, commentId, "confused");
    github.upsertComment(number, "config", "😕 I cannot run `/acs " + command.policyName() + "`: " + e.getMessage()
        + "\n\nFix the file on the default branch, then comment again. See docs/troubleshooting.md (a broken `.github/acs.yml`).");
  }

  /** {@code triggers: {command: false}}: said once (edited after), since a person typed the command. */
  private static Result commandsOff(RepoGitHub github, int number, AcsCommand command) {
    github.upsertComment(number, "commands-off", "`/acs " + command.policyName() + "` does not start work in this repository: its `"
        + RepoConfigFile.PATH + "` turns that trigger off (`triggers: {command: false}`).");
    return Result.FAILED;
  }

  private Result dispatch(RepoGitHub github, AcsCommand command, IssueCommentEvent event, Requester who, Optional<Task> task, long commentId,
      RepoConfig.Loaded settings) {
    int number = event.issue().number();
    return switch (command.name()) {
      case HELP -> {
        github.comment(number, CommandParser.helpText(command.unknown()));
        yield command.unknown() == null ? Result.DONE : Result.FAILED;
      }
      case APPROVE -> approve(github, number, who, task);
      case FIX -> fix(github, event, who, task, command.argument(), commentId);
      case STOP -> stop(github, number, who, task);
      case STATUS -> {
        github.comment(number, task.map(t -> TaskReports.status(t, t.lastFailure()) + StatusDetails.waiting(services.tasks(), t))
            .orElse("There is no ACS task here. Label the issue `" + labelOf(github) + "` or comment `/acs implement` on it to start one.")
            + StatusDetails.settings(settings, github.fullName()));
        yield Result.DONE;
      }
      default -> throw new IllegalStateException("not dispatched here: " + command.name());
    };
  }

  /** {@code /acs plan} and {@code /acs implement}: on issues; StartTask asks the gate and says why not. */
  private Result startTask(RepoGitHub github, DeliveryContext delivery, IssueCommentEvent event, Requester who, boolean implement) {
    int number = event.issue().number();
    if (event.issue().isPullRequest()) {
      github.comment(number, "`/acs " + (implement ? "implement" : "plan") + "` works on issues; on a pull request ACS made, use `/acs fix <instructions>`.");
      return Result.FAILED;
    }
    Task started = start.start(github, delivery.installationId(), number, event.issue().title(), who, implement);
    return started == null ? Result.FAILED : Result.DONE;
  }

  private Result approve(RepoGitHub github, int number, Requester who, Optional<Task> task) {
    if (task.isEmpty() || task.get().state() != TaskState.PLANNED || task.get().planJson() == null) {
      github.comment(number, "No plan is waiting for approval here" + task.map(t -> " (the task is `" + t.state() + "`)").orElse("")
          + ". `/acs plan` posts one.");
      return Result.FAILED;
    }
    // One implementation however many approvals come (StartTask answers the others "already working").
    return start.approve(github, task.get(), who) ? Result.DONE : Result.FAILED;
  }

  private Result fix(RepoGitHub github, IssueCommentEvent event, Requester who, Optional<Task> task, String instructions, long commentId) {
    int number = event.issue().number();
    if (!event.issue().isPullRequest() || task.isEmpty() || task.get().prNumber() == null || task.get().prNumber() != number) {
      github.comment(number, "`/acs fix` works on pull requests that ACS opened.");
      return Result.FAILED;
    }
    if (task.get().state() == TaskState.STOPPED) {
      github.comment(number, "This task was stopped. Comment `/acs implement` on issue #" + task.get().issueNumber() + " to start it again.");
      return Result.FAILED;
    }
    // Delivery retries must not queue a second fix; an edit with another command is a new request.
    String key = "fix:" + commentId + ("edited".equals(event.action()) ? ":" + shortDigest(instructions) : "");
    if (services.tasks().claimRepair(event.repository().fullName(), number, TaskRepairs.NO_SHA, task.get().id(), key)) {
      repairs.fix(task.get().id(), number, instructions, commentId, who);
    }
    return Result.QUEUED;
  }

  private Result stop(RepoGitHub github, int number, Requester who, Optional<Task> task) {
    if (task.isEmpty() || task.get().state().ended()) {
      github.comment(number, "Nothing to stop: " + task.map(t -> "the task is already `" + t.state() + "`.").orElse("there is no ACS task here."));
      return Result.DONE;
    }
    Task t = task.get();
    int cancelled = new StopTask(services, tasks).stop(t, who.login());
    github.comment(number, "⏹️ Stopped, as @" + who.login() + " asked" + (cancelled > 0 ? "; " + cancelled + " queued or running job(s) cancelled" : "")
        + ". Work in progress is not pushed. `/acs implement` on issue #" + t.issueNumber() + " starts again.");
    return Result.DONE;
  }

  /** The gate for commands other than plan/implement (StartTask asks for those itself). */
  private boolean allowed(RepoGitHub github, int number, Requester who, Task task) {
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, task);
    if (d.allow()) {
      return true;
    }
    github.upsertComment(number, "not-allowed", "Thanks, @" + who.login() + ", but I only take `/acs` commands from people the repository's policy "
        + "allows (by default: write, maintain or admin permission), so I will not run `/acs " + who.command() + "`.");
    log.info("{} may not run /acs {} on {}#{}: {}", who.login(), who.command(), github.fullName(), number, d.deny());
    return false;
  }

  private Optional<Task> taskOf(String repo, int number, boolean pullRequest) {
    if (pullRequest) {
      Optional<Task> byPr = services.tasks().findByPullRequest(repo, number);
      if (byPr.isPresent()) {
        return byPr;
      }
    }
    return services.tasks().findByIssue(repo, number);
  }

  private static String labelOf(RepoGitHub github) {
    try {
      return RepoConfigFile.load(github).config().label();
    } catch (RuntimeException e) {
      return RepoConfig.defaults().label();
    }
  }

  private static void react(RepoGitHub github, long commentId, String reaction) {
    try {
      github.reactToIssueComment(commentId, reaction);
    } catch (GitHubException e) {
      // A reaction is feedback, not the work: never let it stop the command.
      log.warn("could not react {} to comment {} in {}: {}", reaction, commentId, github.fullName(), e.getMessage());
    }
  }

  private static String shortDigest(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oneLine(String s) {
    String line = s == null ? "" : s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }
}
