package dev.acs.web;

import dev.acs.github.GitHubException;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.Gatekeeper;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.StopTask;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskServices;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buttons of the task page: stop, retry, approve the plan. Each goes through the same check
 * as the {@code /acs stop|implement|approve} comment: the viewer's permission on the repository as
 * GitHub reports it, then the policy gate's {@code command} decision (audited like every other),
 * then the same steps ({@link StopTask}, {@link StartTask}). The viewer's login is the actor.
 */
public final class TaskActions {
  private static final Logger log = LoggerFactory.getLogger(TaskActions.class);

  /** A button of the task page, named after the {@code /acs} command it stands for. */
  public enum Action {
    STOP("stop"),
    RETRY("implement"),
    APPROVE("approve");

    private final String command;

    Action(String command) {
      this.command = command;
    }

    public String command() {
      return command;
    }

    /** The action named in a form's path ({@code stop}, {@code retry}, {@code approve}), or null. */
    public static Action of(String word) {
      for (Action a : values()) {
        if (a.name().toLowerCase(Locale.ROOT).equals(word)) {
          return a;
        }
      }
      return null;
    }
  }

  /** What became of a click: done or not, and a sentence for the page. */
  public record Outcome(boolean done, String message) {}

  private final TaskServices services;
  private final StartTask start;
  private final TaskQueue queue;

  public TaskActions(TaskServices services, StartTask start, TaskQueue queue) {
    this.services = services;
    this.start = start;
    this.queue = queue;
  }

  /** Whether the button makes sense for the task as it is now (the page shows only these). */
  public static boolean offered(Action action, Task task) {
    return switch (action) {
      case STOP -> !task.state().ended();
      case RETRY -> task.state().ended();
      case APPROVE -> task.state() == TaskState.PLANNED && task.planJson() != null;
    };
  }

  public Outcome perform(Action action, Task task, Viewer viewer) {
    if (!offered(action, task)) {
      return new Outcome(false, "Nothing done: the task is " + task.state() + " now.");
    }
    RepoGitHub github = services.github().forRepository(task.installationId(), task.repoFullName());
    Requester who = new Requester(viewer.login(), "User", github.permissionOf(viewer.login()), "web", action.command(),
        action.command(), false);
    return switch (action) {
      case STOP -> allowed(github, who, task) ? stop(task, who) : refused(who);
      case APPROVE -> !allowed(github, who, task) ? refused(who)
          : start.approve(github, task, who) ? new Outcome(true, "Plan approved: ACS is implementing it.")
          : new Outcome(false, "ACS is already working on this task.");
      // StartTask asks the gate itself, as it does for /acs implement.
      case RETRY -> start.start(github, task.installationId(), task.issueNumber(), task.title(), who, true) != null
          ? new Outcome(true, "Started again: ACS plans and implements the issue afresh.")
          : new Outcome(false, "Not started: see the comment on issue #" + task.issueNumber() + " for why.");
    };
  }

  private Outcome stop(Task task, Requester who) {
    int cancelled = new StopTask(services, queue).stop(task, who.login());
    String jobs = cancelled > 0 ? "; " + cancelled + " queued or running job(s) cancelled" : "";
    try {
      services.github().forRepository(task.installationId(), task.repoFullName()).comment(task.issueNumber(),
          "⏹️ Stopped from the task page, as @" + who.login() + " asked" + jobs + ". Work in progress is not pushed.");
    } catch (GitHubException e) {
      // The task is stopped; the comment only tells the issue's readers.
      log.warn("task {} stopped, but the comment on {}#{} failed: {}", task.id(), task.repoFullName(), task.issueNumber(), e.getMessage());
      return new Outcome(true, "Stopped" + jobs + " (the comment on the issue could not be posted).");
    }
    return new Outcome(true, "Stopped" + jobs + ".");
  }

  private boolean allowed(RepoGitHub github, Requester who, Task task) {
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, task);
    return d.allow();
  }

  private static Outcome refused(Requester who) {
    return new Outcome(false, "The repository's policy does not let @" + who.login() + " (permission "
        + who.permission() + ") run this (by default it takes write, maintain or admin permission).");
  }
}
