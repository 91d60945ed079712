package dev.acs.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A repair queue that holds work until the test runs it, like the durable queue between a
 * handler and a worker: lets a test send several events first and then see what ran. As in
 * {@link JobRepairQueue}, work from a review comment's event is held back behind the rest.
 */
public final class QueuedRepairs implements RepairQueue {
  private final TaskRepairs repairs;
  private final List<String> queued = new ArrayList<>();
  private final List<Runnable> work = new ArrayList<>();
  private final List<Runnable> heldBack = new ArrayList<>();

  public QueuedRepairs(TaskRepairs repairs) {
    this.repairs = repairs;
  }

  @Override
  public synchronized void repairChecks(String taskId, int pr, String headSha) {
    queued.add("repairChecks #" + pr + " @" + headSha);
    work.add(() -> repairs.repairChecks(taskId, pr, headSha));
  }

  @Override
  public synchronized void markReady(String taskId, int pr, String headSha) {
    queued.add("markReady #" + pr + " @" + headSha);
    work.add(() -> repairs.markReady(taskId, pr, headSha));
  }

  @Override
  public synchronized void answerReview(String taskId, int pr, long reviewId, String reviewState, String reviewBody, Requester who,
      boolean fromComment) {
    queued.add("answerReview #" + pr + " review " + reviewId + (fromComment ? " (from a comment)" : ""));
    String arg = who.toJobArgument();
    (fromComment ? heldBack : work).add(() -> repairs.answerReview(taskId, pr, reviewId, reviewState, reviewBody, arg));
  }

  @Override
  public synchronized void fix(String taskId, int pr, String instructions, long commentId, Requester who) {
    queued.add("fix #" + pr);
    String arg = who.toJobArgument();
    work.add(() -> repairs.fix(taskId, pr, instructions, commentId, arg));
  }

  /** What was queued so far, in order (also what already ran). */
  public synchronized List<String> queued() {
    return List.copyOf(queued);
  }

  /** Runs the queued work, in order, and empties the queue. */
  public void runAll() {
    List<Runnable> now;
    synchronized (this) {
      now = new ArrayList<>(work);
      now.addAll(heldBack);
      work.clear();
      heldBack.clear();
    }
    now.forEach(Runnable::run);
  }
}
