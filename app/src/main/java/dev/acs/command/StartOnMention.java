package dev.acs.command;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.GitHubException;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.HeadChecks;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskServices;
import dev.acs.pipeline.TriggerSettings;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssueCommentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @<slug> please fix this} in a new issue comment: starts the task as {@code /acs implement}
 * does, with the same permission check, policy gate and one-run-at-a-time, and reacts 👀 / 🚀 (or
 * 😕 when refused). A comment with an {@code /acs} command is left to the command; on a task
 * waiting for an answer the comment is an answer ({@link TakeAnswer}). Off with
 * {@code triggers: {mention: false}}.
 */
public final class StartOnMention {
  private static final Logger log = LoggerFactory.getLogger(StartOnMention.class);

  private final TaskServices services;
  private final StartTask start;

  public StartOnMention(TaskServices services, StartTask start) {
    this.services = services;
    this.start = start;
  }

  public void onComment(IssueCommentEvent event, DeliveryContext delivery) {
    if (delivery.installationId() == null || !"created".equals(event.action()) || event.sender().isBot()
        || event.issue().isPullRequest() || CommandParser.parse(event.comment().body()).isPresent()) {
      return;
    }
    String repo = event.repository().fullName();
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    if (!Mentions.mentions(event.comment().body(), HeadChecks.appSlugOf(github.botLogin()))) {
      return;
    }
    int number = event.issue().number();
    if (services.tasks().findByIssue(repo, number).map(t -> t.state() == TaskState.WAITING_FOR_ANSWER).orElse(false)) {
      return; // an answer to ACS's questions, which TakeAnswer handles
    }
    RepoConfig config;
    try {
      config = TriggerSettings.load(github, number).config();
    } catch (RepoConfigException e) {
      github.upsertComment(number, "config", "😕 I cannot work on this issue: " + e.getMessage()
          + "\n\nFix the file on the default branch, then mention me again. See docs/usage.md (`.github/acs.yml`).");
      return;
    }
    if (!config.enabled() || !config.triggers().mention()) {
      log.info("{}#{}: mentioned, but the mention trigger is off here", repo, number);
      return;
    }
    long commentId = event.comment().id();
    react(github, commentId, "eyes");
    Requester who = new Requester(event.sender().login(), event.sender().type(), null, "issue_comment", "created", null, false);
    boolean started = start.start(github, delivery.installationId(), number, event.issue().title(), who, true) != null;
    react(github, commentId, started ? "rocket" : "confused");
  }

  private static void react(RepoGitHub github, long commentId, String reaction) {
    try {
      github.reactToIssueComment(commentId, reaction);
    } catch (GitHubException e) {
      log.warn("could not react {} to comment {} in {}: {}", reaction, commentId, github.fullName(), e.getMessage());
    }
  }
}
