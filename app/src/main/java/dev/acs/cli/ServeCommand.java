package dev.acs.cli;

import dev.acs.config.Env;
import dev.acs.task.TaskStore;
import dev.acs.workspace.WorkDirUpkeep;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code acs serve}: runs the GitHub App until the process is stopped (SIGTERM / Ctrl-C). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the GitHub App (webhooks, jobs, health and metrics).",
      "Receives webhooks on POST /webhooks (ACS_BIND:ACS_PORT, default 0.0.0.0:3000), processes them in"
          + " durable jobs, serves GET /healthz and GET /metrics (a bearer token when ACS_METRICS_TOKEN is set).",
      "Requires ACS_WEBHOOK_SECRET. Every setting is checked at start; each problem is named and ACS does not"
          + " start. See docs/configuration.md for all variables."
    })
public final class ServeCommand implements Callable<Integer> {
  private final Env env;

  public ServeCommand() {
    this(Env.system());
  }

  ServeCommand(Env env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    SettingsCheck.requireServable(env);
    AcsApp app = AcsApp.start(env);
    TaskStore tasks = new TaskStore(app.database().dataSource());
    WorkDirUpkeep upkeep = WorkDirUpkeep.fromEnv(env, id -> tasks.find(id).map(t -> !t.state().ended()).orElse(false)).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  upkeep.close();
                  app.close();
                  stopped.countDown();
                },
                "acs-shutdown"));
    stopped.await();
    return 0;
  }
}
