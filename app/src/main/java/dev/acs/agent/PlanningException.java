package dev.acs.agent;

/** The model did not produce a valid plan, even after being told once what was wrong. */
public final class PlanningException extends RuntimeException {
  public PlanningException(String message) {
    super(message);
  }
}
