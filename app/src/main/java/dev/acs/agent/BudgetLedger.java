package dev.acs.agent;

import dev.acs.metrics.TaskMetrics;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a task's model calls, tokens and dollars, and refuses a call that could take it past its
 * {@link Budget}. Fails closed: the check before each call assumes the whole prompt is billed
 * (estimated at 3 characters a token, on the cautious side), that the model writes its maximum
 * output, and that the dearest provider of the chain answers; a model without a price is refused.
 * Thread-safe; one ledger per task, shared by the planner and the coder.
 */
public final class BudgetLedger {
  private static final Logger LOG = LoggerFactory.getLogger(BudgetLedger.class);
  static final int CHARS_PER_TOKEN_CAUTIOUS = 3;

  private final Budget budget;
  private final PriceTable prices;
  private int steps;
  private long inputTokens;
  private long outputTokens;
  private BigDecimal cost = BigDecimal.ZERO;
  private final Set<String> models = new LinkedHashSet<>();
  private PriceTable.Price lastCheckedPrice;
  private TaskMetrics metrics = TaskMetrics.NONE;

  public BudgetLedger(Budget budget, PriceTable prices) {
    this.budget = budget;
    this.prices = prices;
  }

  /** Counts each call's tokens and dollars, and each call the budget refuses, in {@code metrics}. */
  public synchronized BudgetLedger countingIn(TaskMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  public Budget budget() {
    return budget;
  }

  /**
   * Starts the ledger from what earlier runs of the same task spent (tokens and dollars are per
   * task; model calls are counted per run). Earlier tokens count as input tokens.
   */
  public synchronized BudgetLedger carryOver(long tokens, BigDecimal costUsd) {
    inputTokens += Math.max(0, tokens);
    cost = cost.add(costUsd.max(BigDecimal.ZERO));
    return this;
  }

  /**
   * Call before every model call.
   *
   * @param candidates the models that may answer (the chain's routes)
   * @throws BudgetExceededException when the call could exceed a limit, or a candidate has no price
   */
  public synchronized void checkBeforeCall(List<String> candidates, long estimatedInputTokens, long maxOutputTokens) {
    try {
      check(candidates, estimatedInputTokens, maxOutputTokens);
    } catch (BudgetExceededException e) {
      metrics.modelCall(candidates.isEmpty() ? null : candidates.getFirst(), "refused");
      throw e;
    }
  }

  private void check(List<String> candidates, long estimatedInputTokens, long maxOutputTokens) {
    if (steps + 1 > budget.maxSteps()) {
      throw refuse("the step budget is used up (" + steps + " of " + budget.maxSteps() + " model calls made)");
    }
    long worstTokens = estimatedInputTokens + maxOutputTokens;
    if (inputTokens + outputTokens + worstTokens > budget.maxTokens()) {
      throw refuse(
          String.format(
              "the next model call could use up to %,d tokens, and %,d of the %,d-token budget are used",
              worstTokens, inputTokens + outputTokens, budget.maxTokens()));
    }
    PriceTable.Price dearest = null;
    BigDecimal worstCost = BigDecimal.ZERO;
    for (String model : candidates) {
      PriceTable.Price p =
          prices
              .lookup(model)
              .orElseThrow(
                  () ->
                      refuse(
                          "no price is known for model " + model
                              + "; add it to the file named by ACS_PRICES_FILE (dollars per million tokens,"
                              + " 0 for a free local model)"));
      BigDecimal c = p.cost(estimatedInputTokens, maxOutputTokens);
      if (dearest == null || c.compareTo(worstCost) > 0) {
        dearest = p;
        worstCost = c;
      }
    }
    if (cost.add(worstCost).compareTo(budget.maxCostUsd()) > 0) {
      throw refuse(
          String.format(
              "the next model call could cost up to $%s, and $%s of the $%s budget is spent",
              worstCost.setScale(4, java.math.RoundingMode.UP).toPlainString(),
              cost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(),
              budget.maxCostUsd().toPlainString()));
    }
    lastCheckedPrice = dearest;
  }

  /** Records a call's usage, priced by the model that answered. */
  public synchronized void record(String model, long in, long out) {
    PriceTable.Price p = prices.lookup(model).orElse(lastCheckedPrice);
    steps++;
    inputTokens += Math.max(0, in);
    outputTokens += Math.max(0, out);
    BigDecimal callCost = p == null ? BigDecimal.ZERO : p.cost(Math.max(0, in), Math.max(0, out));
    cost = cost.add(callCost);
    metrics.modelUsage(model, in, out, callCost);
    if (model != null) {
      models.add(model);
    }
    if (inputTokens + outputTokens > budget.maxTokens() || cost.compareTo(budget.maxCostUsd()) > 0) {
      // Only possible when a provider bills more than the cautious estimate; say so loudly.
      LOG.warn("task went over its budget: {} (limits: {} tokens, ${})",
          spend().summary(), budget.maxTokens(), budget.maxCostUsd());
    }
  }

  public synchronized Spend spend() {
    return new Spend(steps, inputTokens, outputTokens, cost, new ArrayList<>(models));
  }

  /** True when recorded usage went past a limit (the provider billed more than estimated). */
  public synchronized boolean overrun() {
    return inputTokens + outputTokens > budget.maxTokens() || cost.compareTo(budget.maxCostUsd()) > 0;
  }

  /** Cautious token estimate of a request: messages and tool definitions at 3 characters a token. */
  public static long estimateInputTokens(ChatRequest request) {
    long chars = 0;
    for (ChatMessage m : request.messages()) {
      chars += m.toString().length();
    }
    if (request.toolSpecifications() != null) {
      for (ToolSpecification t : request.toolSpecifications()) {
        chars += t.toString().length();
      }
    }
    return (chars + CHARS_PER_TOKEN_CAUTIOUS - 1) / CHARS_PER_TOKEN_CAUTIOUS;
  }

  private BudgetExceededException refuse(String why) {
    return new BudgetExceededException("budget: " + why + "; stopping before the call", spendUnlocked());
  }

  private Spend spendUnlocked() {
    return new Spend(steps, inputTokens, outputTokens, cost, new ArrayList<>(models));
  }
}
