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
      "Run the GitHub App: receive webhooks on POST /webhooks (port ACS_PORT, default 3000),",
      "process them in durable jobs, serve GET /healthz and GET /metrics.",
      "Requires ACS_WEBHOOK_SECRET. See docs/configuration.md for all variables."
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
