package dev.acs.workspace;

/**
 * A commit as the caller needs to report it ("a person pushed abc1234 'Fix typo' to the branch").
 *
 * @param acsTask the {@code Acs-Task} trailer's value, or null when the commit has none
 * @param byAcs authored and committed by ACS's identity and carrying the trailer
 */
public record CommitInfo(
    String sha, String authorName, String authorEmail, String committerEmail, String subject, String acsTask, boolean byAcs) {

  public String shortSha() {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }
}
