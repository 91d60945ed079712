package dev.acs.command;

import dev.acs.github.GitHubException;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.AskQuestions;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssueCommentEvent;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new comment on an issue whose task is WAITING_FOR_ANSWER: when its author is the issue's
 * author or has write access, it is the answer — kept as a task event and planning goes on (for
 * the person who started the task, implementing after it if they asked for that). Other people's
 * comments are ignored (recorded only). {@code /acs} commands are left to the command handler.
 */
public final class TakeAnswer {
  private static final Logger log = LoggerFactory.getLogger(TakeAnswer.class);
  private static final Set<String> WRITERS = Set.of("admin", "maintain", "write");

  private final TaskServices services;
  private final TaskQueue queue;

  public TakeAnswer(TaskServices services, TaskQueue queue) {
    this.services = services;
    this.queue = queue;
  }

  public void onComment(IssueCommentEvent event, DeliveryContext delivery) {
    if (delivery.installationId() == null || !"created".equals(event.action()) || event.sender().isBot()
        || event.issue().isPullRequest() || CommandParser.parse(event.comment().body()).isPresent()) {
      return;
    }
    String repo = event.repository().fullName();
    Task task = services.tasks().findByIssue(repo, event.issue().number()).orElse(null);
    if (task == null || task.state() != TaskState.WAITING_FOR_ANSWER) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), repo);
    String login = event.sender().login();
    String author = event.issue().user() == null ? null : event.issue().user().login();
    boolean isAuthor = login.equalsIgnoreCase(author);
    if (!isAuthor && !WRITERS.contains(github.permissionOf(login))) {
      services.tasks().appendEvent(task.id(), "comment", "comment by @" + login + " ignored: neither the issue's author nor a writer", null);
      log.info("{}#{}: @{} is neither the author nor a writer; not taken as the answer", repo, task.issueNumber(), login);
      return;
    }
    AskQuestions.Asked asked = AskQuestions.lastAsked(services.tasks(), task).orElse(null);
    if (asked == null) {
      return;
    }
    AskQuestions.recordAnswer(services.tasks(), task, login, event.comment().body());
    try {
      github.reactToIssueComment(event.comment().id(), "eyes");
    } catch (GitHubException e) {
      log.warn("could not react to comment {} in {}: {}", event.comment().id(), repo, e.getMessage());
    }
    // Later answers before the planning starts are read by that same run: one run at a time.
    if (services.tasks().queueRun(task.id())) {
      queue.plan(task.id(), asked.requester(), asked.implement());
      log.info("task {}: answered by @{}; planning goes on", task.id(), login);
    }
  }
}
