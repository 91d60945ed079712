package dev.acs.cli;

import dev.acs.agent.Agents;
import dev.acs.checks.PmdCheck;
import dev.acs.config.Env;
import dev.acs.context.ScanCache;
import dev.acs.metrics.TaskMetrics;
import dev.acs.pipeline.TaskEndings;
import dev.acs.pipeline.TaskLinks;
import dev.acs.pipeline.GitHubAccess;
import dev.acs.pipeline.TaskServices;
import dev.acs.policy.AuditedPolicyGate;
import dev.acs.policy.PolicyDecisionLog;
import dev.acs.policy.PolicyGates;
import dev.acs.task.Database;
import dev.acs.task.RunOwners;
import dev.acs.task.TaskStore;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Builds the task pipeline's services from the environment; shared by serve, action, receive and demo. */
final class TaskWiring {
  private TaskWiring() {}

  static TaskServices services(Env env, Database db, GitHubAccess github, boolean runRepositoryChecks) {
    return services(env, db, github, runRepositoryChecks, TaskMetrics.NONE, RunOwners.ephemeral());
  }

  /**
   * The same, counting task metrics in {@code metrics}, linking task pages ({@code ACS_PUBLIC_URL}),
   * the runs holding task leases as {@code runs} (serve: this node and process, see {@link RunOwners}).
   */
  static TaskServices services(Env env, Database db, GitHubAccess github, boolean runRepositoryChecks, TaskMetrics metrics, RunOwners runs) {
    PolicyGates gates = PolicyGates.fromEnv(env, ownSecrets(env));
    AuditedPolicyGate gate = new AuditedPolicyGate(gates, new PolicyDecisionLog(db.dataSource()), Clock.systemUTC(), metrics);
    TaskStore tasks = TaskEndings.countOn(new TaskStore(db.dataSource(), Clock.systemUTC(), taskLease(env), runs), metrics);
    return new TaskServices(
        tasks,
        gate,
        gates.describe(),
        // A task's tree is deleted when the task is done with it: its scan goes too.
        new Workspaces(WorkspaceSettings.fromEnv(env), ScanCache.shared()::forget),
        github,
        Agents.fromEnv(env).withMetrics(metrics),
        PmdCheck.withBundledRules(),
        env.get("ACS_GIT_URL", TaskServices.DEFAULT_GIT_URL),
        runRepositoryChecks,
        metrics,
        TaskLinks.fromEnv(env));
  }

  /** ACS_TASK_LEASE_SECONDS: how long a task stays held by a run that stops renewing its lease (a dead node). */
  static Duration taskLease(Env env) {
    int seconds = env.getInt("ACS_TASK_LEASE_SECONDS", (int) TaskStore.DEFAULT_LEASE.toSeconds());
    if (seconds < 15) {
      throw new dev.acs.config.ConfigException("ACS_TASK_LEASE_SECONDS must be at least 15, got " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * Values that must never appear in a pushed change: the App's key, the webhook secret, model
   * keys, the workflow token. The secret scan blocks a push that adds any of them.
   */
  static Supplier<List<String>> ownSecrets(Env env) {
    return () -> {
      List<String> out = new ArrayList<>();
      for (String name : List.of("GITHUB_APP_PRIVATE_KEY", "ACS_WEBHOOK_SECRET", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "ACS_OPA_TOKEN")) {
        env.get(name).ifPresent(out::add);
      }
      env.get("GITHUB_APP_PRIVATE_KEY_FILE").ifPresent(f -> {
        try {
          out.add(Files.readString(Path.of(f)));
        } catch (Exception ignored) {
          // the App's own start-up reports an unreadable key
        }
      });
      return out;
    };
  }
}
