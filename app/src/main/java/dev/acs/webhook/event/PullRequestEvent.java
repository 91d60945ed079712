package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code pull_request}: opened, synchronize, closed, labeled (with {@code label}), ... */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PullRequestEvent(
    String action,
    int number,
    PullRequest pullRequest,
    Label label,
    Repository repository,
    User sender,
    Installation installation)
    implements WebhookEvent {

  @Override
  public List<String> missing() {
    Missing m =
        new Missing()
            .require("action", action)
            .require("pull_request", pullRequest)
            .requireRepository(repository)
            .require("sender", sender);
    if (pullRequest != null) {
      m.requireNumber("pull_request.number", pullRequest.number()).require("pull_request.head", pullRequest.head());
    }
    return m.names();
  }
}
