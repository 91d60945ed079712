package dev.acs.checks;

import dev.acs.policy.PolicyInput;

/**
 * One static-analysis finding in a changed file. {@code severity}: high, medium or low (see
 * {@link PmdCheck#severityOf}); {@code line}/{@code endLine} are 1-based lines of the file after
 * the change; {@code fingerprint} identifies the finding independently of its line, so the same
 * finding in moved code matches its earlier self.
 */
public record Finding(
    String tool, String rule, String severity, String path, int line, int endLine, String message, String fingerprint) {

  /** The form the policy gate reads ({@code findings.new[]} in the policy input). */
  public PolicyInput.Finding toPolicyFinding() {
    return new PolicyInput.Finding(tool, rule, severity, path, line, message);
  }
}
