package dev.acs.checks;

/**
 * Why a build failed, as far as its log tells. Only {@code CODE} failures are worth a repair
 * commit; {@code INFRA} ones are worth a re-run; {@code UNKNOWN} means the log did not say.
 */
public enum FailureKind {
  INFRA,
  CODE,
  UNKNOWN
}
