package dev.acs.agent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * What a task has used so far: model calls, input and output tokens, dollars, and the models that
 * answered. For the PR body, the check run and the policy input ({@code task.tokens}, {@code
 * task.cost_usd}).
 */
public record Spend(int steps, long inputTokens, long outputTokens, BigDecimal costUsd, List<String> models) {
  public static final Spend NONE = new Spend(0, 0, 0, BigDecimal.ZERO, List.of());

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** E.g. {@code 12 model calls, 45,210 tokens in / 3,120 out, $0.1842 (anthropic:claude-sonnet-4-5)}. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d model call%s, %,d tokens in / %,d out, $%s%s",
        steps,
        steps == 1 ? "" : "s",
        inputTokens,
        outputTokens,
        costUsd.setScale(4, RoundingMode.HALF_UP).toPlainString(),
        models.isEmpty() ? "" : " (" + String.join(", ", models) + ")");
  }
}
