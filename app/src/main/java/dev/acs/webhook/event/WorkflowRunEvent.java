package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code workflow_run}: requested, in_progress, completed. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowRunEvent(
    String action, WorkflowRun workflowRun, Repository repository, User sender, Installation installation)
    implements WebhookEvent {

  @Override
  public List<String> missing() {
    Missing m = new Missing().require("action", action).require("workflow_run", workflowRun).requireRepository(repository).require("sender", sender);
    if (workflowRun != null) {
      m.require("workflow_run.head_sha", workflowRun.headSha());
    }
    return m.names();
  }
}
