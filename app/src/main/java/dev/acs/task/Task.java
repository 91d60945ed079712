package dev.acs.task;

import java.math.BigDecimal;
import java.time.Instant;

/** A stored task: what ACS is doing for one issue of one repository, and how far it got. */
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
    Instant updatedAt) {}
