package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code issues}: opened, edited, labeled (with {@code label}), assigned and unassigned (with
 * {@code assignee}), closed, ...
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssuesEvent(
    String action,
    Issue issue,
    Label label,
    Changes changes,
    Repository repository,
    User sender,
    Installation installation,
    User assignee)
    implements WebhookEvent {

  @Override
  public List<String> missing() {
    Missing m = new Missing().require("action", action).require("issue", issue).requireRepository(repository).require("sender", sender);
    if (issue != null) {
      m.requireNumber("issue.number", issue.number());
    }
    return m.names();
  }
}
