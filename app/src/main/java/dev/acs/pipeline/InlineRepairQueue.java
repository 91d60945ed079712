package dev.acs.pipeline;

/** Runs repairs at once on the caller's thread, for the one-shot commands (and tests). */
public final class InlineRepairQueue implements RepairQueue {
  private final TaskRepairs repairs;

  public InlineRepairQueue(TaskRepairs repairs) {
    this.repairs = repairs;
  }

  @Override
  public void repairChecks(String taskId, int pr, String headSha) {
    repairs.repairChecks(taskId, pr, headSha);
  }

  @Override
  public void markReady(String taskId, int pr, String headSha) {
    repairs.markReady(taskId, pr, headSha);
  }

  @Override
  public void answerReview(String taskId, int pr, long reviewId, String reviewState, String reviewBody, Requester who, boolean fromComment) {
    repairs.answerReview(taskId, pr, reviewId, reviewState, reviewBody, who.toJobArgument());
  }

  @Override
  public void fix(String taskId, int pr, String instructions, long commentId, Requester who) {
    repairs.fix(taskId, pr, instructions, commentId, who.toJobArgument());
  }
}
