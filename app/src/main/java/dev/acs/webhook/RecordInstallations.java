package dev.acs.webhook;

import dev.acs.task.InstallationStore;
import dev.acs.task.InstallationStore.InstallationRow;
import dev.acs.task.InstallationStore.RepositoryRow;
import dev.acs.webhook.event.Installation;
import dev.acs.webhook.event.InstallationEvent;
import dev.acs.webhook.event.InstallationRepositoriesEvent;
import dev.acs.webhook.event.Repository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the installations table in step with GitHub: created → recorded with its repositories,
 * deleted → removed, suspend/unsuspend → recorded, repositories added/removed → applied.
 */
public final class RecordInstallations {
  private static final Logger log = LoggerFactory.getLogger(RecordInstallations.class);

  private final InstallationStore store;

  public RecordInstallations(InstallationStore store) {
    this.store = store;
  }

  /** Registers both handlers. */
  public EventHandlers registerOn(EventHandlers handlers) {
    return handlers
        .on(InstallationEvent.class, this::onInstallation)
        .on(InstallationRepositoriesEvent.class, this::onRepositories);
  }

  public void onInstallation(InstallationEvent event, DeliveryContext delivery) throws Exception {
    Installation i = event.installation();
    switch (event.action()) {
      case "deleted" -> {
        boolean known = store.delete(i.id());
        log.info("installation {} of {} deleted{}", i.id(), i.account().login(), known ? "" : " (was not recorded)");
      }
      case "suspend" -> {
        Instant at = parseTime(i.suspendedAt());
        store.save(row(i, at == null ? Instant.now() : at), List.of());
        log.info("installation {} of {} suspended", i.id(), i.account().login());
      }
      case "unsuspend" -> {
        store.save(row(i, null), List.of());
        log.info("installation {} of {} unsuspended", i.id(), i.account().login());
      }
      default -> {
        // created, new_permissions_accepted and any later action: record what GitHub says now.
        store.save(row(i, parseTime(i.suspendedAt())), repositories(event.repositories()));
        log.info(
            "installation {} of {} {} with {} repositories",
            i.id(),
            i.account().login(),
            event.action(),
            event.repositories().size());
      }
    }
  }

  public void onRepositories(InstallationRepositoriesEvent event, DeliveryContext delivery) throws Exception {
    Installation i = event.installation();
    InstallationRow row = row(i, parseTime(i.suspendedAt()));
    if (event.repositorySelection() != null) {
      row =
          new InstallationRow(
              row.id(), row.accountLogin(), row.accountType(), event.repositorySelection(), row.appId(), row.suspendedAt(),
              row.suspendedBy());
    }
    store.changeRepositories(row, repositories(event.repositoriesAdded()), repositories(event.repositoriesRemoved()));
    log.info(
        "installation {}: {} repositories added, {} removed",
        i.id(),
        event.repositoriesAdded().size(),
        event.repositoriesRemoved().size());
  }

  private static InstallationRow row(Installation i, Instant suspendedAt) {
    return new InstallationRow(
        i.id(),
        i.account().login(),
        i.account().type(),
        i.repositorySelection(),
        i.appId(),
        suspendedAt,
        suspendedAt == null || i.suspendedBy() == null ? null : i.suspendedBy().login());
  }

  private static List<RepositoryRow> repositories(List<Repository> repositories) {
    return repositories.stream().map(r -> new RepositoryRow(r.id(), r.fullName(), r.isPrivate())).toList();
  }

  private static Instant parseTime(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
