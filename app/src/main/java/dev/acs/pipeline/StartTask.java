package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyDecision;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssuesEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.labeled} with the repository's label: checks who asked, creates the task (one per
 * issue) and queues planning and implementation. The handlers of {@code /acs plan} and {@code /acs
 * implement} call {@link #start} too.
 */
public final class StartTask {
  private static final Logger log = LoggerFactory.getLogger(StartTask.class);
  /** The task event that says what started the task's run (e.g. {@code issues labeled}); detail: the event name. */
  public static final String TRIGGER_EVENT = "trigger";

  private final TaskServices services;
  private final TaskQueue queue;

  public StartTask(TaskServices services, TaskQueue queue) {
    this.services = services;
    this.queue = queue;
  }

  public void onLabeled(IssuesEvent event, DeliveryContext delivery) {
    if (delivery.installationId() == null) {
      log.info("delivery {} came from a repository webhook, not the App: ignored", delivery.deliveryId());
      return;
    }
    onLabeled(event, services.github().forRepository(delivery.installationId(), event.repository().fullName()), delivery.installationId());
  }

  /**
   * The same for a repository reached some other way: the Action's workflow token, where there is
   * no App installation ({@code installationId} null).
   */
  public void onLabeled(IssuesEvent event, RepoGitHub github, Long installationId) {
    if (event.label() == null || event.issue().isPullRequest() || event.sender().isBot()) {
      return;
    }
    RepoConfig.Loaded loaded;
    try {
      loaded = RepoConfigFile.load(github);
    } catch (RepoConfigException e) {
      explainBrokenSettings(github, event, e);
      return; // not a passing failure: retrying the delivery would not help
    }
    RepoConfig config = loaded.config();
    if (!config.enabled() || !config.label().equalsIgnoreCase(event.label().name())) {
      return;
    }
    if (!config.triggers().label()) {
      log.info("{}#{} labeled {}: the label trigger is off here", github.fullName(), event.issue().number(), event.label().name());
      return;
    }
    TriggerSettings.sayProblems(github, event.issue().number(), loaded);
    Requester who = new Requester(event.sender().login(), event.sender().type(), null, "issues", "labeled", null, false);
    start(github, installationId, event.issue().number(), event.issue().title(), who, true);
  }

  /**
   * A .github/acs.yml that cannot be used is said on the issue (one comment, edited on later
   * labels), when the label may have been meant for ACS: the default label, or one the file names.
   * Other labels pass silently, so that a broken file does not bring a comment to every issue.
   */
  private static void explainBrokenSettings(RepoGitHub github, IssuesEvent event, RepoConfigException e) {
    String label = event.label().name();
    boolean meantForAcs = label.equalsIgnoreCase(RepoConfig.defaults().label())
        || github.readFile(RepoConfigFile.PATH, github.repository().defaultBranch()).map(text -> text.contains(label)).orElse(false);
    log.warn("{}: {} (label {}{})", github.fullName(), e.getMessage(), label, meantForAcs ? ", said on the issue" : "");
    if (meantForAcs) {
      github.upsertComment(event.issue().number(), "config", "⚠️ I cannot work on this issue: " + e.getMessage()
          + "\n\nFix the file on the default branch, then label the issue again. See docs/usage.md (`.github/acs.yml`).");
    }
  }

  /**
   * Starts planning (and implementing, if {@code implement}) unless the requester may not, or the
   * task is already at work. Returns the started task, or null.
   */
  public Task start(RepoGitHub github, Long installationId, int issue, String title, Requester asked, boolean implement) {
    Requester who = asked.withPermission(github.permissionOf(asked.login()));
    if (!allowed(github, issue, who)) {
      return null;
    }
    Task task = services.tasks().findOrCreate(github.fullName(), issue, installationId, title);
    TaskStore store = services.tasks();
    try {
      if (task.state().ended()) {
        // A fresh start: new branch from the current default branch, nothing carried over.
        task = store.restart(task.id(), task.state(), "started again by @" + who.login());
      } else if (busy(task) || !store.queueRun(task.id())) {
        sayBusy(github, issue, store.find(task.id()).orElse(task));
        return null;
      }
    } catch (TaskStore.LostTask raced) {
      sayBusy(github, issue, store.find(task.id()).orElse(task));
      return null;
    }
    // CI-triggered repairs act for the person who last started the task (their permission is checked again then).
    task = store.set(task.id(), "requested_by", who.login());
    store.appendEvent(task.id(), TRIGGER_EVENT, who.event() + (who.command() == null ? " " + who.action() : " /acs " + who.command()), who.event()); // the task list's "trigger" column
    if (task.state() == TaskState.IMPLEMENTING) {
      queue.implement(task.id(), who); // nobody was advancing it (its lease had expired): take it over
    } else {
      queue.plan(task.id(), who, implement);
    }
    log.info("task {} for {}#{} queued by {}", task.id(), github.fullName(), issue, who.login());
    services.metrics().taskStarted(trigger(who));
    return task;
  }

  /**
   * {@code /acs approve} of a plan waiting for approval: queues its implementation, once however
   * many approvals come. Returns false (and says so, once) when the task is already at work.
   */
  public boolean approve(RepoGitHub github, Task task, Requester who) {
    if (!services.tasks().queueRun(task.id())) {
      sayBusy(github, task.issueNumber(), services.tasks().find(task.id()).orElse(task));
      return false;
    }
    services.tasks().appendEvent(task.id(), "command", "plan approved by @" + who.login(), null);
    queue.implement(task.id(), who);
    return true;
  }

  /** The {@code trigger} label of {@code acs_tasks_started_total}: what kind of event started the task. */
  static String trigger(Requester who) {
    if ("issues".equals(who.event()) && "edited".equals(who.action())) {
      return "dashboard"; // a box ticked on the dashboard issue
    }
    if (who.command() != null) {
      return "command";
    }
    if ("issue_comment".equals(who.event())) {
      return "mention"; // a comment without a command that started work: an @-mention of the App
    }
    if ("issues".equals(who.event())) {
      return "labeled".equals(who.action()) ? "label" : String.valueOf(who.action());
    }
    return String.valueOf(who.event());
  }

  /** One comment (edited on later triggers) that says the task is already at work. */
  private static void sayBusy(RepoGitHub github, int issue, Task task) {
    github.upsertComment(issue, "busy", "I am already working on this issue (state `" + task.state() + "`"
        + (task.prNumber() == null ? "" : ", pull request #" + task.prNumber()) + "). Comment `/acs status` for details or `/acs stop` to stop.");
    log.info("{}#{}: task {} is busy ({}); trigger answered, no second run", github.fullName(), issue, task.id(), task.state());
  }

  /** The trigger itself goes through the gate ({@code command} semantics: may this person ask?). */
  private boolean allowed(RepoGitHub github, int issue, Requester who) {
    PolicyDecision d = new Gatekeeper(services.gate(), services.tasks()).decideCommand(github.repository(), who, null);
    if (d.allow()) {
      return true;
    }
    github.upsertComment(issue, "not-allowed", "Thanks for the interest, @" + who.login()
        + ". I only take work from people the repository's policy allows (by default: write, maintain or admin permission), so I will not act on this request. "
        + "A maintainer can label the issue or comment `/acs implement` instead.");
    log.info("{} may not start ACS on {}#{}: {}", who.login(), github.fullName(), issue, d.deny());
    return false;
  }

  /**
   * A task with a pull request is at work (repairs and reviews go through the pull request); an
   * implementation is at work while a run holds its lease. NEW and PLANNED may be started when no
   * run is queued or running ({@link TaskStore#queueRun} decides that, once for racing triggers).
   */
  private boolean busy(Task task) {
    return switch (task.state()) {
      case PR_OPEN, REPAIRING -> true;
      case IMPLEMENTING -> task.leased(services.tasks().now());
      default -> false;
    };
  }
}
