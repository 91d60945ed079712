package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A repository. Installation events and check-run pull request refs carry only a few of these
 * fields (id, name, full name); the others are then null or false.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Repository(
    long id,
    String name,
    String fullName,
    @JsonProperty("private") boolean isPrivate,
    boolean fork,
    String defaultBranch,
    String cloneUrl,
    String htmlUrl,
    User owner) {}
