package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A GitHub account as webhooks show it: a sender, an author, an owner. {@code type} is User, Bot or Organization. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record User(String login, long id, String type) {
  /** GitHub Apps act as accounts of type Bot (login ending in {@code [bot]}); ACS ignores its own. */
  public boolean isBot() {
    return "Bot".equals(type);
  }
}
