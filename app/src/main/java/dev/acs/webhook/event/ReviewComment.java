package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A comment on a line of a pull request diff. {@code line} is null when the line is no longer in
 * the diff (outdated); {@code inReplyToId} points at the thread's first comment.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReviewComment(
    long id,
    String nodeId,
    Long pullRequestReviewId,
    String body,
    String path,
    Integer line,
    Integer originalLine,
    String diffHunk,
    String commitId,
    Long inReplyToId,
    User user,
    String authorAssociation,
    String htmlUrl) {}
