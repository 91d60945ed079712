package dev.acs.webhook.event;

/** What an {@code edited} action changed: the previous body or title. */
public record Changes(Change body, Change title) {
  public record Change(String from) {}

  /** The body before the edit, or null when the body did not change. */
  public String bodyFrom() {
    return body == null ? null : body.from();
  }
}
