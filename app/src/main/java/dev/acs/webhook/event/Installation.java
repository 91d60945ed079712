package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The App installation a delivery belongs to. Ordinary events carry only the id; installation
 * events carry the account, the repository selection and the suspension.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Installation(
    long id,
    User account,
    String repositorySelection,
    Long appId,
    String targetType,
    String suspendedAt,
    User suspendedBy) {}
