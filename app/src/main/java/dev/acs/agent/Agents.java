package dev.acs.agent;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.config.RepoConfig;
import dev.acs.metrics.TaskMetrics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes the model side of a task: the {@link Agent} for the repository's model (or {@code
 * ACS_MODEL}), the task's {@link BudgetLedger} and its {@link Transcript}. One per process.
 */
public final class Agents {
  private final Env env;
  private final PriceTable prices;
  private final Optional<String> defaultSpec;
  private final Budget serverBudget;
  private final TaskMetrics metrics;

  /** @throws ConfigException when ACS_BUDGET_* are not numbers */
  public Agents(Env env, PriceTable prices, Optional<String> defaultSpec) {
    this(env, prices, defaultSpec, TaskMetrics.NONE);
  }

  private Agents(Env env, PriceTable prices, Optional<String> defaultSpec, TaskMetrics metrics) {
    this.env = env;
    this.prices = prices;
    this.defaultSpec = defaultSpec;
    this.serverBudget = Budget.fromEnv(env);
    this.metrics = metrics;
  }

  /** The same, counting model calls, tokens and dollars in {@code metrics}. */
  public Agents withMetrics(TaskMetrics metrics) {
    return new Agents(env, prices, defaultSpec, metrics);
  }

  public static Agents fromEnv(Env env) {
    return new Agents(env, PriceTable.fromEnv(env), env.get("ACS_MODEL"));
  }

  /** The same, with {@code spec} as the model (the CLI's --model). */
  public Agents withModel(String spec) {
    return spec == null || spec.isBlank() ? this : new Agents(env, prices, Optional.of(spec), metrics);
  }

  /** True when some model is configured; without one ACS can receive work but not do it. */
  public boolean configured() {
    return defaultSpec.isPresent();
  }

  public String describe() {
    return defaultSpec.map(s -> "model " + s).orElse("no model configured (ACS_MODEL)");
  }

  /**
   * The model chain for one task. A repository may name its own model in .github/acs.yml, but
   * only when the server has a model configured at all, so an unconfigured server never picks up
   * a provider because a repository asked for it.
   *
   * @throws ConfigException when no model is configured
   */
  public Agent forTask(String repositoryModel) {
    String spec =
        defaultSpec.orElseThrow(
            () -> new ConfigException("no model is configured: set ACS_MODEL (e.g. anthropic:claude-sonnet-4-5 or replay:FILE)"));
    if (repositoryModel != null && !repositoryModel.isBlank() && !repositoryModel.startsWith("replay:")) {
      spec = repositoryModel;
    }
    return new Agent(ModelProviders.fromSpec(spec, env).countingIn(metrics));
  }

  /**
   * The task's budget, carrying over what the task spent before: the repository's settings
   * ({@code budget} in .github/acs.yml), each limit capped by the server's ({@code ACS_BUDGET_*}),
   * since whoever runs ACS pays for the model: a repository may lower its budget, not raise it.
   */
  public BudgetLedger ledger(RepoConfig.Budget limits, long spentTokens, BigDecimal spentUsd) {
    Budget budget = new Budget(
        Math.min(limits.maxSteps(), serverBudget.maxSteps()),
        Math.min(limits.maxTokens(), serverBudget.maxTokens()),
        limits.maxUsd().min(serverBudget.maxCostUsd()));
    return new BudgetLedger(budget, prices).countingIn(metrics).carryOver(spentTokens, spentUsd);
  }

  public Transcript transcript(String taskId) {
    return Transcript.start(taskId, SecretRedactor.fromEnv(env));
  }

  public Path transcriptDir() {
    return Transcript.directory(env);
  }
}
