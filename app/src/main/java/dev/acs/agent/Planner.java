package dev.acs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.context.RepositoryInstructions;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the model for a {@link Plan} through a {@code submit_plan} tool (a JSON object in the text
 * is accepted too, for models with weak tool use), validates it, and gives the model one chance to
 * fix a rejected plan. With an {@link Asker}, the model may instead ask clarifying questions
 * ({@code ask_question}, at most {@link #MAX_QUESTIONS} per task over all rounds).
 */
public final class Planner {
  static final String SUBMIT_PLAN = "submit_plan";
  static final String ASK_QUESTION = "ask_question";
  /** Questions per task, over every round of asking. */
  public static final int MAX_QUESTIONS = 3;
  static final int MAX_OUTPUT_TOKENS = 2048;
  static final int REPO_MAP_TOKENS = 4000;

  private final ChatModel model;

  public Planner(ChatModel model) {
    this.model = model;
  }

  /**
   * What the planner needs.
   *
   * @param workspace the working tree (for the repository map)
   * @param issueTitle untrusted
   * @param issueBody untrusted
   * @param failureContext optional untrusted text (CI failure, review comments) for a repair plan
   * @param ledger the task's budget, checked before each call
   * @param transcript the task's transcript (shared with the coder)
   * @param instructions the repository's own guidance, from its default branch (never null)
   */
  public record PlanRequest(
      Path workspace, String issueTitle, String issueBody, String failureContext, BudgetLedger ledger, Transcript transcript,
      List<Clarification> earlier, Asker asker, RepositoryInstructions instructions) {

    public PlanRequest {
      earlier = earlier == null ? List.of() : List.copyOf(earlier);
      instructions = instructions == null ? RepositoryInstructions.none() : instructions;
    }

    /** No questions: the planner must plan with what it has. */
    public PlanRequest(Path workspace, String issueTitle, String issueBody, String failureContext, BudgetLedger ledger, Transcript transcript) {
      this(workspace, issueTitle, issueBody, failureContext, ledger, transcript, List.of(), null, null);
    }

    /** No questions, with the repository's instructions. */
    public PlanRequest(Path workspace, String issueTitle, String issueBody, String failureContext, BudgetLedger ledger, Transcript transcript,
        RepositoryInstructions instructions) {
      this(workspace, issueTitle, issueBody, failureContext, ledger, transcript, List.of(), null, instructions);
    }

    /** Questions allowed, without repository instructions. */
    public PlanRequest(Path workspace, String issueTitle, String issueBody, String failureContext, BudgetLedger ledger, Transcript transcript,
        List<Clarification> earlier, Asker asker) {
      this(workspace, issueTitle, issueBody, failureContext, ledger, transcript, earlier, asker, null);
    }

    int questionsAsked() {
      return earlier.stream().mapToInt(c -> c.questions().size()).sum();
    }
  }

  /** Questions the planner asked instead of planning (the answers come later). */
  public record Questions(List<String> questions, String assumptions) {
    public Questions {
      questions = List.copyOf(questions);
    }
  }

  /** A plan, or the questions asked instead: exactly one is set. */
  public record Outcome(Plan plan, Questions asked) {}

  /**
   * @throws PlanningException when the plan is still invalid after one retry
   * @throws BudgetExceededException when the budget does not allow the call
   * @throws ModelCallException when every provider failed
   */
  public Plan plan(PlanRequest req) {
    Outcome out = planOrAsk(req);
    if (out.plan() == null) {
      throw new PlanningException("the model asked questions where nobody can answer them");
    }
    return out.plan();
  }

  /**
   * As {@link #plan}, but the model may ask: the questions go to the request's {@link Asker}; when
   * it answers later (null), the outcome carries the questions instead of a plan.
   */
  public Outcome planOrAsk(PlanRequest req) {
    String repoMap;
    try {
      repoMap = RepoMap.scan(req.workspace()).render(req.issueTitle() + "\n" + req.issueBody()
          + (req.failureContext() == null ? "" : "\n" + req.failureContext()), REPO_MAP_TOKENS);
    } catch (IOException e) {
      repoMap = "(the repository could not be listed: " + e.getMessage() + ")";
    }
    StringBuilder task = new StringBuilder("Plan the change for this issue.\n\n");
    List<RepositoryInstructions.Piece> guidance = req.instructions().general();
    if (!guidance.isEmpty()) {
      // Below ACS's rules (the system message), above the issue.
      task.append(Prompts.repositoryInstructions(guidance)).append("\n\n");
    }
    task.append(Prompts.issue(req.issueTitle(), req.issueBody()));
    if (req.failureContext() != null && !req.failureContext().isBlank()) {
      task.append("\n\nThe previous attempt needs repair. What went wrong:\n").append(Prompts.untrusted("FEEDBACK", req.failureContext()));
    }
    for (Clarification c : req.earlier()) {
      task.append("\n\nEarlier, ACS asked the issue's people clarifying questions for you. The questions and the answers:\n")
          .append(Prompts.untrusted("CLARIFICATION", c.render()));
    }
    task.append("\n\n").append(Prompts.untrusted("REPOSITORY MAP", repoMap));

    List<ChatMessage> messages = new ArrayList<>();
    String system = Prompts.plannerSystem();
    messages.add(SystemMessage.from(system));
    // Untrusted text can carry a secret (a build that printed a token): masked before the provider sees it.
    messages.add(UserMessage.from(req.transcript().redacted(task.toString())));
    req.transcript().system("plan", system);
    req.transcript().user("plan", task.toString());
    List<String> candidates = ModelNames.of(model);

    String problems = null;
    int asked = req.questionsAsked();
    for (int attempt = 1; attempt <= 2; ) {
      boolean mayAsk = req.asker() != null && asked < MAX_QUESTIONS;
      List<ToolSpecification> tools = mayAsk ? List.of(submitPlan(), askQuestion(MAX_QUESTIONS - asked)) : List.of(submitPlan());
      ChatRequest request =
          ChatRequest.builder().messages(List.copyOf(messages)).toolSpecifications(tools).maxOutputTokens(MAX_OUTPUT_TOKENS).build();
      req.ledger().checkBeforeCall(candidates, BudgetLedger.estimateInputTokens(request), MAX_OUTPUT_TOKENS);
      ChatResponse response = model.chat(request);
      Coder.recordUsage(req.ledger(), response, request);
      AiMessage ai = response.aiMessage();
      req.transcript().assistant("plan", ai, response.modelName(), response.tokenUsage());

      ToolExecutionRequest question = !mayAsk || !ai.hasToolExecutionRequests() ? null
          : ai.toolExecutionRequests().stream().filter(c -> ASK_QUESTION.equals(c.name())).findFirst().orElse(null);
      if (question != null) {
        Questions q = questions(question, MAX_QUESTIONS - asked);
        if (q != null) {
          Asker.Reply reply = req.asker().ask(q.questions(), q.assumptions());
          req.transcript().note("plan", "asked " + q.questions().size() + " question(s)" + (reply == null ? "; the answer comes later" : ""));
          if (reply == null) {
            return new Outcome(null, q);
          }
          asked += q.questions().size();
          String text = reply.fromPerson() ? "The answer:\n" + Prompts.untrusted("ANSWER", reply.text()) : reply.text();
          answerCalls(req, messages, ai, question, text, "ignored: ask questions or submit the plan, one at a time.");
          continue; // asking is not a failed attempt; the questions' limit bounds the rounds
        }
      }
      ToolExecutionRequest call = null;
      if (ai.hasToolExecutionRequests()) {
        call = ai.toolExecutionRequests().stream().filter(c -> SUBMIT_PLAN.equals(c.name())).findFirst()
            .orElse(ai.toolExecutionRequests().get(0));
      }
      attempt++;
      try {
        Plan plan = Plan.fromJson(extract(call, ai.text()));
        req.transcript().note("plan", "plan accepted");
        return new Outcome(plan, null);
      } catch (IllegalArgumentException e) {
        problems = e.getMessage();
      }
      String feedback = "The plan was rejected: " + problems
          + ". Submit the whole plan again with submit_plan, with every field filled in.";
      req.transcript().note("plan", "plan rejected: " + problems);
      answerCalls(req, messages, ai, call, feedback, "ignored: only submit_plan is available while planning.");
    }
    throw new PlanningException("the model did not produce a valid plan in two tries: " + problems);
  }

  /** The model's turn goes into the conversation with a result for each of its calls. */
  private static void answerCalls(PlanRequest req, List<ChatMessage> messages, AiMessage ai, ToolExecutionRequest main, String text, String others) {
    messages.add(Coder.withValidArguments(ai));
    if (ai.hasToolExecutionRequests()) {
      for (ToolExecutionRequest c : ai.toolExecutionRequests()) {
        String result = c == main ? text : others;
        messages.add(ToolExecutionResultMessage.from(c, result));
        req.transcript().toolResult("plan", c.id(), c.name(), result, true);
      }
    } else {
      messages.add(UserMessage.from(text));
      req.transcript().user("plan", text);
    }
  }

  /** The questions of an ask_question call, at most {@code room}; null when it holds none. */
  static Questions questions(ToolExecutionRequest call, int room) {
    JsonNode args;
    try {
      args = WorkspaceTools.parseArguments(call.arguments());
    } catch (IllegalArgumentException e) {
      return null;
    }
    List<String> qs = new ArrayList<>();
    JsonNode q = args.path("questions");
    if (q.isTextual()) {
      qs.add(q.textValue());
    }
    for (JsonNode n : q.isArray() ? q : List.<JsonNode>of()) {
      if (n.isTextual()) {
        qs.add(n.textValue());
      }
    }
    if (args.path("question").isTextual()) {
      qs.add(args.path("question").textValue());
    }
    List<String> kept = qs.stream().map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> s.length() > 500 ? s.substring(0, 499) + "…" : s).limit(room).toList();
    if (kept.isEmpty()) {
      return null;
    }
    String assumptions = args.path("assumptions").asText("").strip();
    return new Questions(kept, assumptions.length() > 1000 ? assumptions.substring(0, 999) + "…" : assumptions);
  }

  static ToolSpecification askQuestion(int room) {
    return ToolSpecification.builder()
        .name(ASK_QUESTION)
        .description("Ask the issue's people clarifying questions, only when the issue is genuinely ambiguous "
            + "(at most " + room + " more for this task). Planning stops until someone answers.")
        .parameters(
            JsonObjectSchema.builder()
                .addProperty("questions", JsonArraySchema.builder().description("Short, specific questions (at most " + room + ").")
                    .items(new JsonStringSchema()).build())
                .addStringProperty("assumptions", "What you would assume if nobody answers.")
                .required("questions", "assumptions")
                .build())
        .build();
  }

  private static JsonNode extract(ToolExecutionRequest call, String text) {
    if (call != null) {
      if (!SUBMIT_PLAN.equals(call.name())) {
        throw new IllegalArgumentException("there is no tool '" + call.name() + "'; use submit_plan");
      }
      return WorkspaceTools.parseArguments(call.arguments());
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the answer was empty");
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("no plan was submitted (call submit_plan)");
    }
    return WorkspaceTools.parseArguments(text.substring(start, end + 1));
  }

  static ToolSpecification submitPlan() {
    return ToolSpecification.builder()
        .name(SUBMIT_PLAN)
        .description("Submit the plan for the task.")
        .parameters(
            JsonObjectSchema.builder()
                .addStringProperty("summary", "One line: what will change.")
                .addProperty("steps", JsonArraySchema.builder().description("Concrete actions, in order.").items(new JsonStringSchema()).build())
                .addProperty("files", JsonArraySchema.builder().description("Paths likely touched, relative to the repository root.").items(new JsonStringSchema()).build())
                .addProperty("risks", JsonArraySchema.builder().description("What could go wrong.").items(new JsonStringSchema()).build())
                .addStringProperty("verification", "How the change will be checked (tests, build).")
                .required("summary", "steps", "files", "risks", "verification")
                .build())
        .build();
  }
}
