package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code installation}: created (with the selected {@code repositories}), deleted, suspend,
 * unsuspend, new_permissions_accepted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstallationEvent(String action, Installation installation, List<Repository> repositories, User sender)
    implements WebhookEvent {

  public InstallationEvent {
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
  }

  @Override
  public Repository repository() {
    return null;
  }

  @Override
  public List<String> missing() {
    Missing m = new Missing().require("action", action).require("installation", installation).require("sender", sender);
    if (installation != null) {
      m.require("installation.account", installation.account());
    }
    return m.names();
  }
}
