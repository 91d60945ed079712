package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code pull_request_review_comment}: created, edited (with {@code changes.body.from}), deleted. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PullRequestReviewCommentEvent(
    String action,
    ReviewComment comment,
    PullRequest pullRequest,
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
            .require("comment", comment)
            .require("pull_request", pullRequest)
            .requireRepository(repository)
            .require("sender", sender);
    if (pullRequest != null) {
      m.requireNumber("pull_request.number", pullRequest.number());
    }
    return m.names();
  }
}
