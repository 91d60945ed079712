package dev.acs.command;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskServices;
import dev.acs.pipeline.TriggerSettings;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.event.IssuesEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issues.assigned} to the App's bot user ({@code <slug>[bot]}): starts the task as the
 * label does (plan, then implement), for the person who assigned it, with the same permission
 * check, policy gate and one-run-at-a-time. Off with {@code triggers: {assign: false}}.
 */
public final class StartOnAssign {
  private static final Logger log = LoggerFactory.getLogger(StartOnAssign.class);

  private final TaskServices services;
  private final StartTask start;

  public StartOnAssign(TaskServices services, StartTask start) {
    this.services = services;
    this.start = start;
  }

  public void onAssigned(IssuesEvent event, DeliveryContext delivery) {
    if (delivery.installationId() == null || event.assignee() == null || event.issue().isPullRequest() || event.sender().isBot()) {
      return;
    }
    RepoGitHub github = services.github().forRepository(delivery.installationId(), event.repository().fullName());
    if (!event.assignee().login().equalsIgnoreCase(github.botLogin())) {
      return; // assigned to a person: not ACS's business
    }
    int number = event.issue().number();
    RepoConfig config;
    try {
      config = TriggerSettings.load(github, number).config();
    } catch (RepoConfigException e) {
      github.upsertComment(number, "config", "⚠️ I cannot work on this issue: " + e.getMessage()
          + "\n\nFix the file on the default branch, then assign the issue to me again. See docs/usage.md (`.github/acs.yml`).");
      return;
    }
    if (!config.enabled() || !config.triggers().assign()) {
      log.info("{}#{} assigned to {}: the assign trigger is off here", github.fullName(), number, github.botLogin());
      return;
    }
    Requester who = new Requester(event.sender().login(), event.sender().type(), null, "issues", "assigned", null, false);
    start.start(github, delivery.installationId(), number, event.issue().title(), who, true);
  }
}
