package dev.acs.policy;

import dev.acs.policy.PolicyInput.Change;
import dev.acs.policy.PolicyInput.FileChange;
import dev.acs.policy.UnifiedDiff.FileDiff;
import dev.acs.policy.UnifiedDiff.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code change} of a policy input from the unified diff of a push: files with their
 * status and counts, the totals, the test-integrity signals, and the diff itself for the secret
 * scan of the guardrails. Produce the diff with rename detection on (JGit
 * {@code DiffFormatter.setDetectRenames(true)}), or a moved test file reads as a deleted one.
 */
public final class DiffChange {
  private DiffChange() {}

  public static Change of(String branch, String base, String diffText) {
    UnifiedDiff diff = UnifiedDiff.parse(diffText);
    List<FileChange> files = new ArrayList<>();
    int additions = 0;
    int deletions = 0;
    for (FileDiff f : diff.files()) {
      files.add(
          new FileChange(
              f.path(), f.status().json(), f.additions(), f.deletions(), f.status() == Status.RENAMED ? f.oldPath() : null));
      additions += f.additions();
      deletions += f.deletions();
    }
    return new Change(branch, base, additions, deletions, files, TestIntegritySignals.of(diff), diffText);
  }
}
