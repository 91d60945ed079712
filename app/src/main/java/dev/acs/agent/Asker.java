package dev.acs.agent;

import java.util.List;

/**
 * Who answers the planner's clarifying questions while it plans. In the server nobody does at
 * once ({@link #LATER}: the planner stops and hands the questions back, the task waits for a
 * comment); {@code acs run} asks on its terminal, or tells the planner to go on with its stated
 * assumptions when there is none.
 */
@FunctionalInterface
public interface Asker {
  /** Nobody answers now: the planner returns the questions instead of a plan. */
  Asker LATER = (questions, assumptions) -> null;

  /**
   * @return the reply to give the planner, or null when the answer comes later
   */
  Reply ask(List<String> questions, String assumptions);

  /**
   * @param fromPerson true for a person's answer (fenced as untrusted in the prompt); false for
   *     ACS's own note, such as "nobody can answer: go on with your assumptions"
   */
  record Reply(String text, boolean fromPerson) {}
}
