package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What an {@code edited} action changed: the previous body or title. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Changes(Change body, Change title) {
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Change(String from) {}

  /** The body before the edit, or null when the body did not change. */
  public String bodyFrom() {
    return body == null ? null : body.from();
  }
}
