package dev.acs.workspace;

/**
 * How a push ended. ACS never force-pushes and never pushes over a head it did not make, so
 * anything but a fast-forward from the expected head ends in one of the refusals.
 */
public enum PushOutcome {
  /** The branch on the remote now points at our commit (created or fast-forwarded). */
  PUSHED,
  /** An earlier ACS run had pushed to the branch; this run's commits were replayed on top once and pushed. */
  REBASED_AND_PUSHED,
  /** The remote branch already pointed at our commit. */
  UP_TO_DATE,
  /** No commit of ours since the branch started or was last pushed; nothing was sent. */
  NOTHING_TO_PUSH,
  /** This run's commits do not apply on top of what an earlier ACS run pushed; nothing was pushed. */
  CONFLICT,
  /**
   * The branch holds a head ACS did not make (a person pushed, rewound or deleted it, before or
   * during the push); nothing was pushed, and the result names the person's commits.
   */
  REJECTED_BY_HUMAN_PUSH,
  /** The server declined for another reason (protected branch, pre-receive hook). */
  REJECTED_BY_REMOTE;

  public boolean pushed() {
    return this == PUSHED || this == REBASED_AND_PUSHED || this == UP_TO_DATE;
  }
}
