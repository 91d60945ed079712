package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An issue or pull request conversation comment. {@code authorAssociation} (OWNER, MEMBER,
 * COLLABORATOR, CONTRIBUTOR, NONE, ...) is a hint only: permissions are checked through the API.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Comment(long id, String body, User user, String authorAssociation, String htmlUrl) {}
