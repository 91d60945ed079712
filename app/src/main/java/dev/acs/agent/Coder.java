package dev.acs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acs.config.Json;
import dev.acs.context.RepositoryInstructions;
import dev.acs.workspace.ConfinedFiles;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool loop: the model looks at the working tree and changes it through {@link WorkspaceTools}
 * until it calls finish. Every way a model can misbehave ends the run with a status and a message,
 * never a hang or an exception: the budget is checked before each call, steps are counted, the
 * same call repeated {@link Limits#repeatLimit} times in a row stops the run, and so do runs of
 * failing tool calls, empty answers, or talk without tool calls.
 */
public final class Coder {
  private static final Logger LOG = LoggerFactory.getLogger(Coder.class);
  static final String PHASE = "code";

  /**
   * @param maxSteps model calls per run
   * @param repeatLimit the same tool call (name and arguments) this many times in a row stops the run
   * @param maxConsecutiveErrors this many failing tool calls in a row stop the run
   * @param maxOutputTokens per model call (also what the budget check assumes)
   * @param repoMapTokens size of the repository map in the first prompt
   */
  public record Limits(int maxSteps, int repeatLimit, int maxConsecutiveErrors, int maxOutputTokens, int repoMapTokens) {
    public static final Limits DEFAULT = new Limits(40, 3, 6, 4096, 6000);
  }

  /** Tools whose "path" names a file or folder the model looks at or changes. */
  private static final Set<String> PATH_TOOLS = Set.of(WorkspaceTools.READ_FILE, WorkspaceTools.EDIT_FILE, WorkspaceTools.CREATE_FILE,
      WorkspaceTools.DELETE_FILE, WorkspaceTools.LIST_FILES, WorkspaceTools.SEARCH_CODE);

  private final ChatModel model;
  private final Limits limits;

  public Coder(ChatModel model) {
    this(model, Limits.DEFAULT);
  }

  public Coder(ChatModel model, Limits limits) {
    this.model = model;
    this.limits = limits;
  }

  public CodingResult run(CodingRequest req) {
    return new Run(req).go();
  }

  /** The temporary failure of every provider behind {@code e} (however the client wrapped it), or null. */
  static ModelCallException temporaryFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ModelCallException m && m.temporary()) {
        return m;
      }
    }
    return null;
  }

  /** One run's state; not shared. */
  private final class Run {
    final CodingRequest req;
    final Transcript transcript;
    WorkspaceTools tools;
    int steps;
    int emptyAnswers;
    int talkOnlyAnswers;
    int consecutiveErrors;
    String lastError = "";
    String lastCallKey;
    int sameCallCount;
    boolean finishRejected;
    String commitSubject;

    Run(CodingRequest req) {
      this.req = req;
      this.transcript = req.transcript();
    }

    CodingResult go() {
      ConfinedFiles files;
      try {
        files = new ConfinedFiles(req.workspace());
      } catch (IOException e) {
        throw new IllegalArgumentException("workspace " + req.workspace() + " is not usable: " + e.getMessage(), e);
      }
      tools = new WorkspaceTools(files, req.checks(), req.plan() == null ? 0 : req.plan().steps().size());
      List<ChatMessage> messages = new ArrayList<>();
      String system = Prompts.coderSystem(tools.hasChecks());
      // Untrusted text can carry a secret (a build that printed a token): masked before the
      // provider sees it, as in the transcript.
      String task = transcript.redacted(taskPrompt());
      messages.add(SystemMessage.from(system));
      messages.add(UserMessage.from(task));
      transcript.system(PHASE, system);
      transcript.user(PHASE, task);
      List<String> candidates = ModelNames.of(model);

      while (steps < limits.maxSteps()) {
        ChatRequest request =
            ChatRequest.builder()
                .messages(List.copyOf(messages))
                .toolSpecifications(tools.specifications())
                .maxOutputTokens(limits.maxOutputTokens())
                .build();
        try {
          req.ledger().checkBeforeCall(candidates, BudgetLedger.estimateInputTokens(request), limits.maxOutputTokens());
        } catch (BudgetExceededException e) {
          return end(CodingStatus.BUDGET_EXCEEDED, e.getMessage());
        }
        ChatResponse response;
        try {
          response = model.chat(request);
        } catch (RuntimeException e) {
          ModelCallException temporary = temporaryFailure(e);
          if (temporary != null) {
            // Every provider is rate-limited or down for now: waiting helps, so the caller's job
            // frame retries later instead of ending the task (the edits so far were not committed).
            throw temporary;
          }
          LOG.warn("model call failed: {}", e.getMessage());
          return end(CodingStatus.MODEL_ERROR, "the model call failed: " + e.getMessage());
        }
        steps++;
        recordUsage(req.ledger(), response, request);
        AiMessage ai = response.aiMessage();
        transcript.assistant(PHASE, ai, response.modelName(), response.tokenUsage());
        if (req.ledger().overrun()) {
          return end(CodingStatus.BUDGET_EXCEEDED,
              "budget: the provider billed more than estimated and the task is over its budget ("
                  + req.ledger().spend().summary() + ")");
        }

        if (ai == null || !ai.hasToolExecutionRequests()) {
          CodingResult stop = noToolCalls(ai, messages);
          if (stop != null) {
            return stop;
          }
          continue;
        }
        emptyAnswers = 0;
        talkOnlyAnswers = 0;
        messages.add(withValidArguments(ai));

        List<String> actions = new ArrayList<>();
        WorkspaceTools.FinishCall finish = null;
        for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
          String key = callKey(call);
          sameCallCount = key.equals(lastCallKey) ? sameCallCount + 1 : 1;
          lastCallKey = key;
          if (sameCallCount >= limits.repeatLimit()) {
            return end(CodingStatus.STEP_LIMIT,
                "stopped: the model made the same call " + sameCallCount + " times in a row: "
                    + WorkspaceTools.clip(key, 200));
          }
          notify(l -> l.onTool(String.valueOf(call.name())));
          WorkspaceTools.Outcome outcome = tools.execute(call);
          if (outcome.finish() != null) {
            outcome = finishing(outcome.finish());
            if (outcome.finish() != null) {
              finish = outcome.finish();
            }
          }
          String resultText = outcome.text();
          if (!outcome.error()) {
            afterTool(call);
            resultText = resultText + nestedInstructions(call);
          }
          messages.add(ToolExecutionResultMessage.from(call, transcript.redacted(resultText)));
          transcript.toolResult(PHASE, call.id(), call.name(), resultText, outcome.error());
          actions.add((outcome.error() ? "ERROR " : "") + describe(call));
          if (outcome.error()) {
            consecutiveErrors++;
            lastError = outcome.text();
          } else {
            consecutiveErrors = 0;
          }
        }
        notifyStep(actions);
        if (finish != null) {
          return finished(finish);
        }
        if (consecutiveErrors >= limits.maxConsecutiveErrors()) {
          return end(CodingStatus.MODEL_ERROR,
              "stopped: the last " + consecutiveErrors + " tool calls failed; the last error was: "
                  + WorkspaceTools.clip(lastError, 300));
        }
      }
      return end(CodingStatus.STEP_LIMIT, "stopped: used all " + limits.maxSteps() + " steps without finishing");
    }

    private CodingResult noToolCalls(AiMessage ai, List<ChatMessage> messages) {
      String text = ai == null || ai.text() == null ? "" : ai.text().strip();
      String nudge;
      if (text.isEmpty()) {
        emptyAnswers++;
        talkOnlyAnswers = 0;
        if (emptyAnswers >= 2) {
          return end(CodingStatus.MODEL_ERROR, "stopped: the model gave " + emptyAnswers + " empty answers in a row");
        }
        nudge = "Your answer was empty. Continue the task with the tools, and call finish when done.";
      } else {
        talkOnlyAnswers++;
        emptyAnswers = 0;
        if (talkOnlyAnswers >= 3) {
          return end(CodingStatus.GAVE_UP,
              "stopped: the model answered " + talkOnlyAnswers + " times without using a tool; its last words: "
                  + WorkspaceTools.clip(text, 500));
        }
        nudge = "Nobody reads text answers here. Use the tools to make the change, then call finish"
            + " (with outcome \"gave_up\" if it cannot be done).";
      }
      // An empty assistant turn is rejected by some providers; keep a placeholder in the history.
      messages.add(text.isEmpty() ? AiMessage.from("(empty)") : AiMessage.from(text));
      messages.add(UserMessage.from(nudge));
      transcript.user(PHASE, nudge);
      notifyStep(List.of(text.isEmpty() ? "ERROR empty answer" : "text answer without tool call"));
      return null;
    }

    /** Checks before accepting finish "done": changes exist, and checks pass (or failed twice). */
    private WorkspaceTools.Outcome finishing(WorkspaceTools.FinishCall f) {
      if (f.gaveUp() || tools.changedFiles().isEmpty() || !tools.hasChecks() || finishRejected) {
        return new WorkspaceTools.Outcome("finishing.", false, f);
      }
      if (tools.checksStale()) {
        tools.check();
      }
      CheckRunner.CheckResult last = tools.lastCheck();
      if (last != null && !last.passed()) {
        finishRejected = true;
        return new WorkspaceTools.Outcome(
            "Not finished: the checks fail on the current change:\n"
                + Prompts.untrusted("CHECK OUTPUT", WorkspaceTools.clip(last.output(), 8000))
                + "\nFix the failures and call finish again. Calling finish again without fixing them ends the"
                + " task with failing checks.",
            false,
            null);
      }
      return new WorkspaceTools.Outcome("finishing.", false, f);
    }

    private CodingResult finished(WorkspaceTools.FinishCall f) {
      if (f.gaveUp()) {
        return end(CodingStatus.GAVE_UP, f.summary());
      }
      if (tools.changedFiles().isEmpty()) {
        return end(CodingStatus.NO_CHANGES, f.summary());
      }
      commitSubject = f.subject();
      return end(CodingStatus.FINISHED, f.summary());
    }

    /** Tells the listener what a successful call did: a plan step marked done. */
    private void afterTool(ToolExecutionRequest call) {
      if (WorkspaceTools.MARK_STEP_DONE.equals(call.name())) {
        int step = WorkspaceTools.stepNumber(call.arguments());
        notify(l -> l.onPlanStepDone(step));
      }
    }

    /**
     * The nearest AGENTS.md above the file or folder a call touched, the first time the model
     * touches something under it: fenced as the repository's instructions, after the tool's result.
     */
    private String nestedInstructions(ToolExecutionRequest call) {
      String name = String.valueOf(call.name());
      if (!PATH_TOOLS.contains(name)) {
        return "";
      }
      String path;
      try {
        JsonNode n = WorkspaceTools.parseArguments(call.arguments());
        path = n.path("path").asText("");
      } catch (IllegalArgumentException e) {
        return "";
      }
      if (WorkspaceTools.LIST_FILES.equals(name) || WorkspaceTools.SEARCH_CODE.equals(name)) {
        path = path.isEmpty() ? "" : path + "/"; // a folder: its own AGENTS.md applies
      }
      return req.instructions().nearest(path).map(piece -> {
        notify(l -> l.onInstructions(piece.source()));
        return "\n\n" + Prompts.repositoryInstructions(List.of(piece));
      }).orElse("");
    }

    private CodingResult end(CodingStatus status, String summary) {
      transcript.note(PHASE, status + ": " + summary);
      // The summary is model-written: it may echo a secret the model was shown (the corpus found one).
      LOG.info("coder ended {} after {} steps: {}", status, steps, WorkspaceTools.clip(transcript.redacted(summary), 300));
      List<String> changed = tools == null ? List.of() : tools.changedFiles();
      return new CodingResult(status, summary, changed, req.ledger().spend(), steps,
          tools == null ? null : tools.lastCheck(), transcript, commitSubject);
    }

    private void notifyStep(List<String> actions) {
      notify(l -> l.onStep(new CodingRequest.Step(steps, List.copyOf(actions), req.ledger().spend())));
    }

    private void notify(java.util.function.Consumer<CodingRequest.StepListener> event) {
      if (req.onStep() == null) {
        return;
      }
      try {
        event.accept(req.onStep());
      } catch (RuntimeException e) {
        // Progress reporting must never stop the work.
        LOG.warn("step listener failed: {}", e.toString());
      }
    }

    private String taskPrompt() {
      StringBuilder b = new StringBuilder("Make the code change this issue asks for.\n\n");
      List<RepositoryInstructions.Piece> general = req.instructions().general();
      if (!general.isEmpty()) {
        // The maintainers' guidance ranks below ACS's rules (the system message) and above the issue.
        b.append(Prompts.repositoryInstructions(general)).append("\n\n");
        general.forEach(p -> notify(l -> l.onInstructions(p.source())));
      }
      b.append(Prompts.issue(req.issueTitle(), req.issueBody())).append("\n\n");
      if (req.plan() != null) {
        b.append("The plan agreed for it:\n").append(Prompts.untrusted("PLAN", req.plan().toMarkdownChecklist(Set.of()))).append("\n");
        b.append("When you have finished one of its steps, call mark_step_done with the step's number (people follow the"
            + " progress on the issue).\n\n");
      }
      if (req.failureContext() != null && !req.failureContext().isBlank()) {
        b.append("The current change needs repair. Address this feedback:\n")
            .append(Prompts.untrusted("FEEDBACK", req.failureContext())).append("\n\n");
      }
      String map;
      try {
        map = RepoMap.scan(req.workspace()).render(
            req.issueTitle() + "\n" + req.issueBody() + "\n" + (req.failureContext() == null ? "" : req.failureContext())
                + (req.plan() == null ? "" : "\n" + String.join("\n", req.plan().files())),
            limits.repoMapTokens());
      } catch (IOException e) {
        map = "(the repository could not be listed: " + e.getMessage() + ")";
      }
      b.append(Prompts.untrusted("REPOSITORY MAP", map));
      return b.toString();
    }
  }

  /** Records a response's usage; estimates (4 characters a token) when the provider sent none. */
  static void recordUsage(BudgetLedger ledger, ChatResponse response, ChatRequest request) {
    TokenUsage u = response.tokenUsage();
    long in = u != null && u.inputTokenCount() != null ? u.inputTokenCount() : BudgetLedger.estimateInputTokens(request);
    long out;
    if (u != null && u.outputTokenCount() != null) {
      out = u.outputTokenCount();
    } else {
      AiMessage ai = response.aiMessage();
      long chars = ai == null || ai.text() == null ? 0 : ai.text().length();
      if (ai != null && ai.hasToolExecutionRequests()) {
        for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
          chars += String.valueOf(r.arguments()).length() + String.valueOf(r.name()).length();
        }
      }
      out = (chars + RepoMap.CHARS_PER_TOKEN - 1) / RepoMap.CHARS_PER_TOKEN;
    }
    ledger.record(response.modelName(), in, out);
  }

  /**
   * The assistant turn as it goes back into the history: tool arguments that are not valid JSON
   * are replaced by {@code {}} (the tool result says what was wrong), because providers such as
   * Anthropic must parse them on the next request and would reject the whole conversation.
   */
  static AiMessage withValidArguments(AiMessage ai) {
    if (!ai.hasToolExecutionRequests()) {
      return ai.text() == null || ai.text().isBlank() ? AiMessage.from("(empty)") : ai;
    }
    List<ToolExecutionRequest> fixed = new ArrayList<>();
    boolean changed = false;
    for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
      try {
        WorkspaceTools.parseArguments(r.arguments());
        fixed.add(r);
      } catch (IllegalArgumentException e) {
        fixed.add(r.toBuilder().arguments("{}").build());
        changed = true;
      }
    }
    if (!changed) {
      return ai;
    }
    return ai.text() == null || ai.text().isBlank() ? AiMessage.from(fixed) : AiMessage.from(ai.text(), fixed);
  }

  /** Name and arguments with keys sorted, so reordered but identical calls count as repeats. */
  static String callKey(ToolExecutionRequest call) {
    String args = call.arguments() == null ? "" : call.arguments().strip();
    try {
      JsonNode n = WorkspaceTools.parseArguments(args);
      Object canonical = Json.MAPPER.convertValue(n, TreeMap.class);
      args = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(canonical);
    } catch (IllegalArgumentException | IOException e) {
      // Not JSON: compare the raw text.
    }
    return call.name() + " " + args;
  }

  private static String describe(ToolExecutionRequest call) {
    String name = String.valueOf(call.name());
    try {
      JsonNode n = WorkspaceTools.parseArguments(call.arguments());
      String detail = n.hasNonNull("path") ? n.get("path").asText() : n.hasNonNull("pattern") ? n.get("pattern").asText() : "";
      return WorkspaceTools.clip((name + " " + detail).strip(), 160);
    } catch (IllegalArgumentException e) {
      return name + " (invalid arguments)";
    }
  }
}
