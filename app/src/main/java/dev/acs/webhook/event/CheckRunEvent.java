package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code check_run}: created, completed, rerequested, requested_action. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckRunEvent(
    String action, CheckRun checkRun, Repository repository, User sender, Installation installation)
    implements WebhookEvent {

  @Override
  public List<String> missing() {
    Missing m = new Missing().require("action", action).require("check_run", checkRun).requireRepository(repository).require("sender", sender);
    if (checkRun != null) {
      m.require("check_run.head_sha", checkRun.headSha());
    }
    return m.names();
  }
}
