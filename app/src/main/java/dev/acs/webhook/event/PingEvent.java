package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code ping}: GitHub's hello when a webhook (or the App) is set up. Has no action. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PingEvent(
    String zen, long hookId, Hook hook, Repository repository, User sender, Installation installation)
    implements WebhookEvent {

  @JsonIgnoreProperties(ignoreUnknown = true)

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Hook(long id, String type, Long appId, List<String> events) {}

  @Override
  public String action() {
    return null;
  }

  @Override
  public List<String> missing() {
    return new Missing().require("hook", hook).names();
  }
}
