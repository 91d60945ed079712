package dev.acs.workspace;

import dev.acs.policy.PolicyInput;
import java.util.List;

/**
 * What a branch changes against its base ({@code base...HEAD}, i.e. since the merge base, as a
 * pull request shows it): files with GitHub's statuses and line counts, the totals, and the
 * unified diff for the secret scan and the test-integrity signals.
 *
 * @param diff unified diff (3 lines of context, renames detected); a binary file the change adds
 *     or rewrites appears as "Binary files differ" followed by its new content as a git binary
 *     patch (up to {@link dev.acs.policy.GitBinaryPatch#MAX_CONTENT_BYTES}), so that the secret
 *     scan sees every added byte; the diff stays inside the JVM (never serialised to OPA)
 * @param diffTruncated true when the diff text would exceed {@link #MAX_DIFF_BYTES}:
 *     files whose diff did not fit were left out (the rest is kept whole); the file list and
 *     counts are always complete
 */
public record ChangeSummary(
    List<PolicyInput.FileChange> files, int additions, int deletions, String diff, boolean diffTruncated) {
  public static final int MAX_DIFF_BYTES = 5 * 1024 * 1024;

  public ChangeSummary {
    files = List.copyOf(files);
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  /**
   * The policy input's {@code change}, carrying the diff for the secret scan (it is never
   * serialised); test integrity is computed from {@link #diff()} elsewhere.
   */
  public PolicyInput.Change toChange(String branch, String base, PolicyInput.TestIntegrity testIntegrity) {
    return new PolicyInput.Change(branch, base, additions, deletions, files, testIntegrity, diff);
  }
}
