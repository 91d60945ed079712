package dev.acs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.agent.Clarification;
import dev.acs.agent.Planner;
import dev.acs.config.Json;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner's clarifying questions on the issue: one comment per round of questions, the task
 * WAITING_FOR_ANSWER, the questions and every answer kept as task events ({@code question},
 * {@code answer}, detail JSON with the task's start number) so that the next planning sees them.
 */
public final class AskQuestions {
  private static final Logger log = LoggerFactory.getLogger(AskQuestions.class);
  static final String QUESTION = "question";
  static final String ANSWER = "answer";
  private static final int MAX_ANSWER = 4000;

  private AskQuestions() {}

  /**
   * A round of questions as recorded: who the task acts for and whether it implements after the
   * plan (so that an answer resumes the same work), and when it was asked (for the timeout).
   */
  public record Asked(Instant at, List<String> questions, String assumptions, boolean implement, Requester requester) {}

  /** Posts the questions as one comment, records them and moves the task to WAITING_FOR_ANSWER. */
  static void ask(TaskRun run, Planner.Questions q, boolean implement) {
    Task task = run.task();
    ObjectNode detail = Json.MAPPER.createObjectNode().put("run", task.runs()).put("assumptions", q.assumptions())
        .put("implement", implement).put("requester", run.requester.toJobArgument());
    q.questions().forEach(detail.withArray("questions")::add);
    int round = earlier(run.store(), task).size() + 1;
    run.event(QUESTION, "asked " + q.questions().size() + " clarifying question(s)", detail.toString());
    String author = run.github.issue(task.issueNumber()).author();
    run.github.upsertComment(task.issueNumber(), "question-" + round, comment(q, author, run.config.questionTimeoutDays()));
    run.move(TaskState.WAITING_FOR_ANSWER, "asked " + q.questions().size() + " question(s)");
    if (task.checkRunId() != null) {
      try {
        run.github.updateCheckRun(task.checkRunId(), CheckRunUpdate.completed("neutral", "Waiting for an answer",
            "ACS asked clarifying questions on issue #" + task.issueNumber() + " and goes on when they are answered.", null, List.of()));
      } catch (RuntimeException e) {
        log.warn("task {}: check run {} not updated: {}", task.id(), task.checkRunId(), e.toString());
      }
    }
  }

  static String comment(Planner.Questions q, String author, int timeoutDays) {
    StringBuilder sb = new StringBuilder("### ACS has a question\n\n");
    sb.append("Before I plan this issue I need to know (the questions are the model's words):\n\n");
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < q.questions().size(); i++) {
      list.append(i + 1).append(". ").append(q.questions().get(i)).append('\n');
    }
    sb.append(TaskReports.quote(list.toString())).append("\n\n");
    if (!q.assumptions().isBlank()) {
      sb.append("Without an answer I would assume:\n\n").append(TaskReports.quote(q.assumptions())).append("\n\n");
    }
    sb.append(author == null ? "The issue's author" : "@" + author).append(" (or anyone with write access): please answer in a comment here. ")
        .append("I go on planning with the answer. Without one within ").append(timeoutDays).append(timeoutDays == 1 ? " day" : " days")
        .append(" I stop; `/acs plan` starts again.");
    return sb.toString();
  }

  /** Every round of questions of the task's current start, with the answers given to it. */
  public static List<Clarification> earlier(TaskStore store, Task task) {
    List<Clarification> rounds = new ArrayList<>();
    List<String> questions = null;
    String assumptions = null;
    List<Clarification.Answer> answers = new ArrayList<>();
    for (TaskEvent e : store.events(task.id())) {
      JsonNode d = detail(e);
      if (d == null || d.path("run").asInt(-1) != task.runs()) {
        continue;
      }
      if (QUESTION.equals(e.kind())) {
        if (questions != null) {
          rounds.add(new Clarification(questions, assumptions, answers));
        }
        questions = new ArrayList<>();
        for (JsonNode n : d.path("questions")) {
          questions.add(n.asText());
        }
        assumptions = d.path("assumptions").asText("");
        answers = new ArrayList<>();
      } else if (ANSWER.equals(e.kind()) && questions != null) {
        answers.add(new Clarification.Answer("@" + d.path("author").asText(), d.path("text").asText()));
      }
    }
    if (questions != null) {
      rounds.add(new Clarification(questions, assumptions, answers));
    }
    return rounds;
  }

  /** The latest round of questions of the task's current start. */
  public static Optional<Asked> lastAsked(TaskStore store, Task task) {
    Asked last = null;
    for (TaskEvent e : store.events(task.id())) {
      JsonNode d = detail(e);
      if (QUESTION.equals(e.kind()) && d != null && d.path("run").asInt(-1) == task.runs()) {
        List<String> qs = new ArrayList<>();
        d.path("questions").forEach(n -> qs.add(n.asText()));
        last = new Asked(e.at(), qs, d.path("assumptions").asText(""), d.path("implement").asBoolean(true),
            Requester.fromJobArgument(d.path("requester").asText()));
      }
    }
    return Optional.ofNullable(last);
  }

  /** Keeps a person's answer for the next planning (at most 4,000 characters). */
  public static void recordAnswer(TaskStore store, Task task, String login, String text) {
    String kept = text.length() > MAX_ANSWER ? text.substring(0, MAX_ANSWER) + "…" : text;
    ObjectNode detail = Json.MAPPER.createObjectNode().put("run", task.runs()).put("author", login).put("text", kept);
    store.appendEvent(task.id(), ANSWER, "answer by @" + login, detail.toString());
  }

  private static JsonNode detail(TaskEvent e) {
    if (!QUESTION.equals(e.kind()) && !ANSWER.equals(e.kind()) || e.detail() == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(e.detail());
    } catch (JsonProcessingException ex) {
      return null;
    }
  }

  /** One line for {@code /acs status}: what the task waits for. */
  public static String waitingLine(Asked asked) {
    return "waiting for an answer to " + asked.questions().size() + " question(s) asked " + asked.at();
  }

  static void sayStopped(RepoGitHub github, Task task, int days) {
    github.upsertComment(task.issueNumber(), "question-timeout", "⏹️ Nobody answered my questions within " + days + (days == 1 ? " day" : " days")
        + ", so I stopped working on this issue. Comment `/acs plan` (or `/acs implement`) to start again.");
  }
}
