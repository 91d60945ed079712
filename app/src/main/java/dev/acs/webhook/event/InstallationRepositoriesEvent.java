package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code installation_repositories}: added or removed repositories of an installation. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstallationRepositoriesEvent(
    String action,
    Installation installation,
    String repositorySelection,
    List<Repository> repositoriesAdded,
    List<Repository> repositoriesRemoved,
    User sender)
    implements WebhookEvent {

  public InstallationRepositoriesEvent {
    repositoriesAdded = repositoriesAdded == null ? List.of() : List.copyOf(repositoriesAdded);
    repositoriesRemoved = repositoriesRemoved == null ? List.of() : List.copyOf(repositoriesRemoved);
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
