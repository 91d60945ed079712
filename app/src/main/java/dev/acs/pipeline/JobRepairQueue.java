package dev.acs.pipeline;

import dev.acs.task.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Repairs as durable jobs (JobRunr on the task database). Each job's id goes into the task's
 * audit trail like the pipeline's own jobs, so {@code /acs stop} cancels repairs too.
 */
public final class JobRepairQueue implements RepairQueue {
  /** How long a review comment's event waits for its review's event (which carries the review's text). */
  static final Duration COMMENT_GRACE = Duration.ofSeconds(20);

  private final Jobs jobs;
  private final JobTaskQueue recorder;

  public JobRepairQueue(Jobs jobs, JobTaskQueue recorder) {
    this.jobs = jobs;
    this.recorder = recorder;
  }

  @Override
  public void repairChecks(String taskId, int pr, String headSha) {
    recorder.record(taskId, "repair checks of #" + pr, jobs.enqueue((TaskRepairs r) -> r.repairChecks(taskId, pr, headSha)));
  }

  @Override
  public void markReady(String taskId, int pr, String headSha) {
    recorder.record(taskId, "mark #" + pr + " ready", jobs.enqueue((TaskRepairs r) -> r.markReady(taskId, pr, headSha)));
  }

  @Override
  public void answerReview(String taskId, int pr, long reviewId, String reviewState, String reviewBody, Requester who, boolean fromComment) {
    String arg = who.toJobArgument();
    String state = reviewState == null ? "" : reviewState;
    String body = reviewBody == null ? "" : reviewBody; // job arguments stay plain non-null strings
    UUID id = fromComment
        ? jobs.schedule(Instant.now().plus(COMMENT_GRACE), (TaskRepairs r) -> r.answerReview(taskId, pr, reviewId, state, body, arg))
        : jobs.enqueue((TaskRepairs r) -> r.answerReview(taskId, pr, reviewId, state, body, arg));
    recorder.record(taskId, "answer review " + reviewId + " on #" + pr, id);
  }

  @Override
  public void fix(String taskId, int pr, String instructions, long commentId, Requester who) {
    String arg = who.toJobArgument();
    String text = instructions == null ? "" : instructions;
    recorder.record(taskId, "fix #" + pr, jobs.enqueue((TaskRepairs r) -> r.fix(taskId, pr, text, commentId, arg)));
  }
}
