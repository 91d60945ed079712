package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code issue_comment}: created, edited (with {@code changes.body.from}), deleted. Comments on
 * pull requests come here too ({@link Issue#isPullRequest()}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueCommentEvent(
    String action,
    Issue issue,
    Comment comment,
    Changes changes,
    Repository repository,
    User sender,
    Installation installation)
    implements WebhookEvent {

  @Override
  public List<String> missing() {
    Missing m =
        new Missing()
            .require("action", action)
            .require("issue", issue)
            .require("comment", comment)
            .requireRepository(repository)
            .require("sender", sender);
    if (issue != null) {
      m.requireNumber("issue.number", issue.number());
    }
    return m.names();
  }
}
