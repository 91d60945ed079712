package dev.acs.task;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A stored task: what ACS is doing for one issue of one repository, and how far it got.
 *
 * @param requestedBy login of the person who started the task (repairs triggered by CI act for
 *     them); null for tasks started before this was recorded
 * @param humanHeadSha the last head of the branch pushed by someone other than ACS, or null
 * @param humanPushedBy who pushed {@code humanHeadSha}
 */
public record Task(
    String id,
    String repoFullName,
    int issueNumber,
    Long installationId,
    TaskState state,
    String title,
    String branch,
    String baseBranch,
    Integer prNumber,
    String headSha,
    int attempts,
    long tokens,
    BigDecimal costUsd,
    String planJson,
    Long planCommentId,
    Long checkRunId,
    String lastFailure,
    Instant createdAt,
    Instant updatedAt,
    String requestedBy,
    String humanHeadSha,
    String humanPushedBy) {}
