package dev.acs.workspace;

/** How a push ended. ACS never force-pushes, so anything but a fast-forward ends in one of the refusals. */
public enum PushOutcome {
  /** The branch on the remote now points at our commit (created or fast-forwarded). */
  PUSHED,
  /** Someone had pushed to the branch; ACS replayed its own commits on top once and pushed. */
  REBASED_AND_PUSHED,
  /** The remote branch already pointed at our commit. */
  UP_TO_DATE,
  /** No commit of ours since the branch started or was last pushed; nothing was sent. */
  NOTHING_TO_PUSH,
  /** Our commits do not apply on top of what someone else pushed; nothing was pushed. */
  CONFLICT,
  /** Still not a fast-forward after the one rebase (someone keeps pushing); nothing was pushed. */
  REJECTED_BY_HUMAN_PUSH,
  /** The server declined for another reason (protected branch, pre-receive hook). */
  REJECTED_BY_REMOTE;

  public boolean pushed() {
    return this == PUSHED || this == REBASED_AND_PUSHED || this == UP_TO_DATE;
  }
}
