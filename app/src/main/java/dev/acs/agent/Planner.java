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
 * fix a rejected plan.
 */
public final class Planner {
  static final String SUBMIT_PLAN = "submit_plan";
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
      RepositoryInstructions instructions) {
    public PlanRequest {
      instructions = instructions == null ? RepositoryInstructions.none() : instructions;
    }

    /** Without repository instructions. */
    public PlanRequest(Path workspace, String issueTitle, String issueBody, String failureContext, BudgetLedger ledger, Transcript transcript) {
      this(workspace, issueTitle, issueBody, failureContext, ledger, transcript, null);
    }
  }

  /**
   * @throws PlanningException when the plan is still invalid after one retry
   * @throws BudgetExceededException when the budget does not allow the call
   * @throws ModelCallException when every provider failed
   */
  public Plan plan(PlanRequest req) {
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
    for (int attempt = 1; attempt <= 2; attempt++) {
      ChatRequest request =
          ChatRequest.builder().messages(List.copyOf(messages)).toolSpecifications(List.of(submitPlan())).maxOutputTokens(MAX_OUTPUT_TOKENS).build();
      req.ledger().checkBeforeCall(candidates, BudgetLedger.estimateInputTokens(request), MAX_OUTPUT_TOKENS);
      ChatResponse response = model.chat(request);
      Coder.recordUsage(req.ledger(), response, request);
      AiMessage ai = response.aiMessage();
      req.transcript().assistant("plan", ai, response.modelName(), response.tokenUsage());

      ToolExecutionRequest call = null;
      if (ai.hasToolExecutionRequests()) {
        call = ai.toolExecutionRequests().stream().filter(c -> SUBMIT_PLAN.equals(c.name())).findFirst()
            .orElse(ai.toolExecutionRequests().get(0));
      }
      try {
        Plan plan = Plan.fromJson(extract(call, ai.text()));
        req.transcript().note("plan", "plan accepted");
        return plan;
      } catch (IllegalArgumentException e) {
        problems = e.getMessage();
      }
      String feedback = "The plan was rejected: " + problems
          + ". Submit the whole plan again with submit_plan, with every field filled in.";
      req.transcript().note("plan", "plan rejected: " + problems);
      messages.add(Coder.withValidArguments(ai));
      if (ai.hasToolExecutionRequests()) {
        for (ToolExecutionRequest c : ai.toolExecutionRequests()) {
          String text = c == call ? feedback : "ignored: only submit_plan is available while planning.";
          messages.add(ToolExecutionResultMessage.from(c, text));
          req.transcript().toolResult("plan", c.id(), c.name(), text, true);
        }
      } else {
        messages.add(UserMessage.from(feedback));
        req.transcript().user("plan", feedback);
      }
    }
    throw new PlanningException("the model did not produce a valid plan in two tries: " + problems);
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
