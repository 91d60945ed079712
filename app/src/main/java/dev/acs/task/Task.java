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
 * @param leaseOwner the run that holds the task (one run per task at a time), {@code queued} for a
 *     run queued by a trigger and not started yet, or null
 * @param leaseUntil when the lease expires unless renewed; after that another job takes over
 * @param runs how often the task was started again after it ended (each start has its own branch
 *     and steps)
 * @param waits transient faults met in a row; reset when the task moves on
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
    String humanPushedBy,
    String leaseOwner,
    Instant leaseUntil,
    int runs,
    int waits) {

  /** True while a run holds (or a trigger has queued) the task and the lease has not expired. */
  public boolean leased(Instant now) {
    return leaseOwner != null && leaseUntil != null && leaseUntil.isAfter(now);
  }
}
