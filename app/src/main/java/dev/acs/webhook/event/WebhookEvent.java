package dev.acs.webhook.event;

import java.util.List;

/**
 * A GitHub webhook delivery, typed. Each record keeps what ACS features use; unknown fields are
 * ignored (GitHub adds fields); each record says so with {@code @JsonIgnoreProperties(ignoreUnknown
 * = true)}, which lets Jackson skip them instead of buffering them (much faster on big payloads). {@code installation} is null for deliveries that did not come
 * through a GitHub App (repository webhooks), and {@code repository} for installation events.
 */
public sealed interface WebhookEvent
    permits IssuesEvent,
        IssueCommentEvent,
        PullRequestEvent,
        PullRequestReviewEvent,
        PullRequestReviewCommentEvent,
        CheckRunEvent,
        CheckSuiteEvent,
        WorkflowRunEvent,
        InstallationEvent,
        InstallationRepositoriesEvent,
        PingEvent {

  /** The payload's {@code action}; null for events without one (ping). */
  String action();

  Installation installation();

  Repository repository();

  User sender();

  /**
   * The required parts the payload lacks (e.g. "repository"), empty when it is complete. A
   * delivery with missing parts is answered 400 and never stored.
   */
  List<String> missing();

  default Long installationId() {
    return installation() == null ? null : installation().id();
  }
}
