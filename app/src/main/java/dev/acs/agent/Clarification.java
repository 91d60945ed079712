package dev.acs.agent;

import java.util.List;

/**
 * One round of clarifying questions: what the planner asked, what it would assume without an
 * answer, and the answers people gave. Questions come from the model and answers from people, so
 * both reach the next prompt fenced as untrusted text.
 */
public record Clarification(List<String> questions, String assumptions, List<Answer> answers) {
  public Clarification {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    assumptions = assumptions == null ? "" : assumptions;
  }

  /** An answer and who gave it (a login, or "terminal" for {@code acs run}). */
  public record Answer(String author, String text) {}

  /** The round as text for the prompt (fenced by the caller). */
  String render() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < questions.size(); i++) {
      sb.append("Question ").append(i + 1).append(": ").append(questions.get(i)).append('\n');
    }
    if (!assumptions.isBlank()) {
      sb.append("Assumptions stated without an answer: ").append(assumptions).append('\n');
    }
    if (answers.isEmpty()) {
      sb.append("No answer yet.\n");
    }
    for (Answer a : answers) {
      sb.append("Answer by ").append(a.author()).append(":\n").append(a.text()).append('\n');
    }
    return sb.toString();
  }
}
