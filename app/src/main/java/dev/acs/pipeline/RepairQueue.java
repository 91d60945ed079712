package dev.acs.pipeline;

/**
 * Where repair work goes once a handler has claimed it: durable jobs in {@code acs serve}, or
 * straight through in the one-shot commands. Arguments are plain strings and numbers, so a job
 * stays readable in the database and survives a restart. See {@link TaskRepairs} for the work.
 */
public interface RepairQueue {
  /** The checks on {@code headSha} of the pull request finished and some failed. */
  void repairChecks(String taskId, int pr, String headSha);

  /** Every check on {@code headSha} passed: mark the draft ready for review. */
  void markReady(String taskId, int pr, String headSha);

  /**
   * A person's review (its inline comments and body) on the pull request asks for changes. GitHub
   * sends a review event and one event per comment, in no set order; the job claims the review,
   * so one of them is answered. {@code fromComment}: a comment's event, which lacks the review's
   * body; it is held back briefly so that the review's own event, when it comes, is answered.
   */
  void answerReview(String taskId, int pr, long reviewId, String reviewState, String reviewBody, Requester who, boolean fromComment);

  /** {@code /acs fix [instructions]} on the pull request; {@code commentId} gets the result reaction. */
  void fix(String taskId, int pr, String instructions, long commentId, Requester who);
}
