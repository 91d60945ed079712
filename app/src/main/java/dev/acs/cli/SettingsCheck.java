package dev.acs.cli;

import dev.acs.agent.Agents;
import dev.acs.agent.ModelProviders;
import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.github.GitHubApps;
import dev.acs.policy.PolicyGates;
import dev.acs.task.Jobs;
import dev.acs.webhook.DeliveryWorkers;
import dev.acs.webhook.WebhookServer;
import dev.acs.workspace.WorkDirUpkeep;
import dev.acs.workspace.WorkspaceSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting {@code acs serve} reads, checked before anything starts, so that a mistake shows
 * at start-up rather than on the first issue hours later, and all mistakes show at once: one
 * message per problem. Each check builds what the App would build from the variable, without
 * opening a connection.
 */
final class SettingsCheck {
  /** One check: builds something from the environment; a {@link ConfigException} is a problem. */
  private interface Check {
    void run(Env env);
  }

  private final List<String> problems = new ArrayList<>();
  private final Env env;

  private SettingsCheck(Env env) {
    this.env = env;
  }

  /** The problems of {@code env} for {@code acs serve}; empty when it can start. */
  static List<String> forServe(Env env) {
    SettingsCheck c = new SettingsCheck(env);
    c.check(e -> e.require("ACS_WEBHOOK_SECRET",
        "acs serve does not accept unsigned webhooks; set it to the webhook secret of the GitHub App"));
    c.check(WebhookServer.Listen::fromEnv);
    c.check(Jobs.Settings::fromEnv);
    c.check(DeliveryWorkers.Settings::fromEnv);
    c.check(WorkspaceSettings::fromEnv);
    c.check(WorkDirUpkeep.Settings::fromEnv);
    c.check(e -> e.getInt("ACS_DATABASE_POOL_SIZE", 10));
    c.check(e -> {
      String url = e.get("ACS_DATABASE_URL", dev.acs.task.Database.DEFAULT_URL);
      if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
        throw new ConfigException("ACS_DATABASE_URL must be a jdbc:h2: or jdbc:postgresql: URL");
      }
    });
    c.check(e -> {
      if (e.get(GitHubApps.APP_ID_VAR).isPresent()) {
        GitHubApps.fromEnv(e);
      }
    });
    c.check(Agents::fromEnv); // ACS_BUDGET_*, ACS_PRICES_FILE
    env.get("ACS_MODEL").ifPresent(spec -> {
      // Entry by entry, so that two bad entries are two messages.
      for (String entry : spec.split(",")) {
        if (!entry.isBlank()) {
          c.check(e -> ModelProviders.fromSpec(entry.strip(), e));
        }
      }
    });
    c.check(e -> PolicyGates.fromEnv(e, List::of));
    c.check(e -> {
      String sandbox = e.get("ACS_SANDBOX", "auto");
      if (!List.of("auto", "on", "off", "true", "false", "bwrap", "required", "none").contains(sandbox.toLowerCase(java.util.Locale.ROOT))) {
        throw new ConfigException("ACS_SANDBOX must be auto, on or off, got '" + sandbox + "'");
      }
    });
    return List.copyOf(c.problems);
  }

  /** Throws one {@link ConfigException} naming every problem, or returns when there is none. */
  static void requireServable(Env env) {
    List<String> found = forServe(env);
    if (found.size() == 1) {
      throw new ConfigException(found.get(0) + " (acs serve did not start)");
    }
    if (!found.isEmpty()) {
      throw new ConfigException("acs serve did not start: " + found.size() + " settings need fixing (docs/configuration.md):\n  - "
          + String.join("\n  - ", found));
    }
  }

  private void check(Check check) {
    try {
      check.run(env);
    } catch (ConfigException e) {
      if (!problems.contains(e.getMessage())) {
        problems.add(e.getMessage());
      }
    }
  }
}
