package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code check_suite}: completed, requested, rerequested. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckSuiteEvent(
    String action, CheckSuite checkSuite, Repository repository, User sender, Installation installation)
    implements WebhookEvent {

  @Override
  public List<String> missing() {
    Missing m = new Missing().require("action", action).require("check_suite", checkSuite).requireRepository(repository).require("sender", sender);
    if (checkSuite != null) {
      m.require("check_suite.head_sha", checkSuite.headSha());
    }
    return m.names();
  }
}
