package dev.acs.agent;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.math.BigDecimal;

/**
 * The limits of one task: model calls, tokens (input plus output) and US dollars. All three are
 * always set, so a task can never spend without bound.
 */
public record Budget(int maxSteps, long maxTokens, BigDecimal maxCostUsd) {
  public Budget {
    if (maxSteps <= 0 || maxTokens <= 0 || maxCostUsd == null || maxCostUsd.signum() < 0) {
      throw new ConfigException("a budget needs steps > 0, tokens > 0 and dollars >= 0");
    }
  }

  /**
   * {@code ACS_BUDGET_MAX_STEPS} (default 60), {@code ACS_BUDGET_MAX_TOKENS} (default 2,000,000)
   * and {@code ACS_BUDGET_MAX_COST_USD} (default 5.00).
   */
  public static Budget fromEnv(Env env) {
    String cost = env.get("ACS_BUDGET_MAX_COST_USD", "5.00");
    BigDecimal dollars;
    try {
      dollars = new BigDecimal(cost);
    } catch (NumberFormatException e) {
      throw new ConfigException("ACS_BUDGET_MAX_COST_USD must be a number of dollars, got '" + cost + "'");
    }
    long tokens;
    String t = env.get("ACS_BUDGET_MAX_TOKENS", "2000000");
    try {
      tokens = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new ConfigException("ACS_BUDGET_MAX_TOKENS must be a whole number, got '" + t + "'");
    }
    return new Budget(env.getInt("ACS_BUDGET_MAX_STEPS", 60), tokens, dollars);
  }
}
