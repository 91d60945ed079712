package dev.acs.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a task, one per (repository, issue):
 * {@code NEW → PLANNED → IMPLEMENTING → PR_OPEN → REPAIRING ⇄ PR_OPEN → DONE}, ending instead in
 * {@code FAILED}, {@code STOPPED} or {@code BLOCKED_BY_POLICY}. Ended tasks can be started again by a
 * person ({@code /acs plan} or {@code /acs implement}), which moves them back to NEW.
 *
 * <p>{@code WAITING_FOR_ANSWER}: the planner asked the people clarifying questions; an
 * answer by the author or a writer sends it back to planning (PLANNED, or asking again), no answer
 * within {@code question_timeout_days} stops it.
 */
public enum TaskState {
  NEW,
  PLANNED,
  IMPLEMENTING,
  PR_OPEN,
  REPAIRING,
  DONE,
  FAILED,
  STOPPED,
  BLOCKED_BY_POLICY,
  WAITING_FOR_ANSWER;

  private static final Set<TaskState> ENDED = EnumSet.of(DONE, FAILED, STOPPED, BLOCKED_BY_POLICY);
  private static final Set<TaskState> ABORTS = EnumSet.of(FAILED, STOPPED, BLOCKED_BY_POLICY);

  private static final Map<TaskState, Set<TaskState>> NEXT =
      Map.of(
          NEW, EnumSet.of(PLANNED, IMPLEMENTING, WAITING_FOR_ANSWER),
          PLANNED, EnumSet.of(IMPLEMENTING, PLANNED, WAITING_FOR_ANSWER),
          // An answer: planning again, which posts the plan (or asks once more).
          WAITING_FOR_ANSWER, EnumSet.of(PLANNED, IMPLEMENTING, WAITING_FOR_ANSWER),
          IMPLEMENTING, EnumSet.of(PR_OPEN),
          PR_OPEN, EnumSet.of(REPAIRING, DONE),
          REPAIRING, EnumSet.of(PR_OPEN, DONE),
          DONE, EnumSet.of(NEW, REPAIRING),
          // People win: their merge or close ends any task; reopening resumes a stopped one at its pull request.
          FAILED, EnumSet.of(NEW, REPAIRING, DONE, STOPPED),
          STOPPED, EnumSet.of(NEW, PR_OPEN, DONE),
          BLOCKED_BY_POLICY, EnumSet.of(NEW, REPAIRING, DONE, STOPPED));

  /** A job is (or should be) advancing the task: it holds the task's lease while it does. */
  public boolean running() {
    return this == IMPLEMENTING || this == REPAIRING;
  }

  public boolean ended() {
    return ENDED.contains(this);
  }

  /** Every running state may also be aborted: fail, stop, or be blocked by policy. */
  public boolean canMoveTo(TaskState next) {
    if (!ended() && ABORTS.contains(next)) {
      return true;
    }
    return NEXT.get(this).contains(next);
  }
}
