package dev.acs.webhook.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code X-GitHub-Event} names ACS has records for, and their record types. */
public final class EventTypes {
  private static final Map<String, Class<? extends WebhookEvent>> BY_NAME = new LinkedHashMap<>();
  private static final Map<Class<? extends WebhookEvent>, String> BY_TYPE = new LinkedHashMap<>();

  static {
    add("issues", IssuesEvent.class);
    add("issue_comment", IssueCommentEvent.class);
    add("pull_request", PullRequestEvent.class);
    add("pull_request_review", PullRequestReviewEvent.class);
    add("pull_request_review_comment", PullRequestReviewCommentEvent.class);
    add("check_run", CheckRunEvent.class);
    add("check_suite", CheckSuiteEvent.class);
    add("workflow_run", WorkflowRunEvent.class);
    add("installation", InstallationEvent.class);
    add("installation_repositories", InstallationRepositoriesEvent.class);
    add("ping", PingEvent.class);
  }

  private EventTypes() {}

  private static void add(String name, Class<? extends WebhookEvent> type) {
    BY_NAME.put(name, type);
    BY_TYPE.put(type, name);
  }

  /** The record type for a header value; empty for events ACS has no record for (push, label, ...). */
  public static Optional<Class<? extends WebhookEvent>> typeOf(String eventName) {
    return Optional.ofNullable(BY_NAME.get(eventName));
  }

  /** The header value for a record type. */
  public static String nameOf(Class<? extends WebhookEvent> type) {
    String name = BY_TYPE.get(type);
    if (name == null) {
      throw new IllegalArgumentException("not a webhook event record: " + type.getName());
    }
    return name;
  }

  public static Set<String> names() {
    return BY_NAME.keySet();
  }
}
