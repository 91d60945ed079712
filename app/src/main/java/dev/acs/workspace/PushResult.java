package dev.acs.workspace;

import java.util.List;

/**
 * The result of {@link Workspace#push}. When the remote branch had moved, {@link #remoteCommits()}
 * lists the commits we found there (whatever the outcome); {@link #humanCommits()} are those not
 * made by ACS, so the caller can say on the pull request that a person pushed, and stop or wait
 * instead of carrying on as if the branch were its own.
 *
 * @param headSha the commit the remote branch points at after a successful push; otherwise ours,
 *     unpushed
 * @param remoteSha the remote branch's tip as last seen (null when the branch did not exist)
 * @param conflictPaths files that did not merge, for {@link PushOutcome#CONFLICT}
 * @param message a sentence for people (the server's reason, the conflicting files)
 */
public record PushResult(
    PushOutcome outcome,
    String branch,
    String headSha,
    String remoteSha,
    List<CommitInfo> remoteCommits,
    List<String> conflictPaths,
    String message) {

  public PushResult {
    remoteCommits = List.copyOf(remoteCommits);
    conflictPaths = List.copyOf(conflictPaths);
  }

  public boolean pushed() {
    return outcome.pushed();
  }

  /** Someone other than ACS has commits on the branch. */
  public boolean humanPushed() {
    return !humanCommits().isEmpty();
  }

  public List<CommitInfo> humanCommits() {
    return remoteCommits.stream().filter(c -> !c.byAcs()).toList();
  }
}
