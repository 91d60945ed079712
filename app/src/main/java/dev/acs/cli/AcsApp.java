package dev.acs.cli;

import dev.acs.config.Env;
import dev.acs.dashboard.DashboardIssues;
import dev.acs.dashboard.RefreshDashboard;
import dev.acs.dashboard.SteerFromDashboard;
import dev.acs.metrics.JobGauges;
import dev.acs.metrics.MicrometerTaskMetrics;
import dev.acs.task.Database;
import dev.acs.task.DeliveryStore;
import dev.acs.task.InstallationStore;
import dev.acs.task.JobTargets;
import dev.acs.task.Jobs;
import dev.acs.task.NodeIdentity;
import dev.acs.task.ReleaseLeasesOfEarlierBoots;
import dev.acs.task.RunOwners;
import dev.acs.task.TaskStore;
import dev.acs.webhook.AnswerPing;
import dev.acs.webhook.DeliveryMetrics;
import dev.acs.webhook.DeliveryProcessor;
import dev.acs.webhook.DeliveryRecorder;
import dev.acs.webhook.DeliveryWorkers;
import dev.acs.webhook.EventHandlers;
import dev.acs.webhook.EventParser;
import dev.acs.webhook.Health;
import dev.acs.webhook.IntakeLoad;
import dev.acs.webhook.RecordInstallations;
import dev.acs.webhook.SignatureCheck;
import dev.acs.webhook.WebhookRoute;
import dev.acs.webhook.WebhookServer;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.PingEvent;
import dev.acs.web.Visitors;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.github.GitHubApps;
import dev.acs.pipeline.JobRepairQueue;
import dev.acs.pipeline.JobTaskQueue;
import dev.acs.pipeline.ResumeUnattendedTasks;
import dev.acs.pipeline.StopUnansweredQuestions;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskPipeline;
import dev.acs.pipeline.TaskServices;
import java.util.Optional;
import java.util.Set;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running App ({@code acs serve}): database, durable jobs, webhook intake and HTTP server,
 * wired together. {@link #eventHandlers} is the one place where features say which webhook
 * events they handle.
 */
public final class AcsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AcsApp.class);

  /** Most deliveries stored in one transaction. */
  private static final int MAX_BATCH = 256;

  /**
   * What a feature may need to build its handlers: configuration, the database, the job queue
   * (register job targets in {@code targets}), the installation records and the metrics registry.
   */
  public record Parts(
      Env env,
      Database database,
      Jobs jobs,
      JobTargets targets,
      InstallationStore installations,
      PrometheusMeterRegistry metrics,
      RunOwners runs) {}

  /**
   * The task side that the webhook handlers and the pages' buttons share: one set of services (one
   * installation-token cache, one policy engine, the task metrics), one job queue, one way to start.
   */
  record TaskSide(TaskServices services, JobTaskQueue queue, StartTask start) {
    /** Empty without the App's identity ({@code GITHUB_APP_ID}): then ACS does not act on tasks. */
    static Optional<TaskSide> of(Parts parts) {
      if (parts.env().get(GitHubApps.APP_ID_VAR).isEmpty()) {
        return Optional.empty();
      }
      TaskServices services = TaskWiring.services(parts.env(), parts.database(), GitHubApps.fromEnv(parts.env())::forInstallation, false,
          new MicrometerTaskMetrics(parts.metrics()), parts.runs());
      JobTaskQueue queue = new JobTaskQueue(parts.jobs(), services.tasks());
      return Optional.of(new TaskSide(services, queue, new StartTask(services, queue)));
    }
  }

  private final Database database;
  private final Jobs jobs;
  private final DeliveryWorkers workers;
  private final DeliveryRecorder recorder;
  private final WebhookServer server;
  private final NodeIdentity node;

  private AcsApp(
      Database database, Jobs jobs, DeliveryWorkers workers, DeliveryRecorder recorder, WebhookServer server, NodeIdentity node) {
    this.node = node;
    this.database = database;
    this.jobs = jobs;
    this.workers = workers;
    this.recorder = recorder;
    this.server = server;
  }

  /**
   * The event handlers of ACS. Register each feature's handlers here, e.g.
   * {@code handlers.on(IssuesEvent.class, Set.of("labeled"), startTask::handle)}; events and
   * actions no handler wants are ignored at intake (202, not stored).
   */
  static EventHandlers eventHandlers(Parts parts, Optional<TaskSide> side) {
    EventHandlers handlers = new EventHandlers();
    handlers.on(PingEvent.class, new AnswerPing()::handle);
    new RecordInstallations(parts.installations()).registerOn(handlers);
    if (side.isEmpty()) {
      log.warn("{} is not set: ACS records installations but does not act on issues, comments or checks", GitHubApps.APP_ID_VAR);
      return handlers;
    }
    TaskServices services = side.get().services();
    JobTaskQueue queue = side.get().queue();
    // The pipeline looks at the pull request's checks once when it opens it (events of checks that finished earlier were ignored).
    TaskPipeline pipeline = new TaskPipeline(services, new JobRepairQueue(parts.jobs(), queue), true); // true: may ask questions
    parts.targets().register(TaskPipeline.class, pipeline);
    StartTask start = side.get().start();
    handlers.on(IssuesEvent.class, Set.of("labeled"), start::onLabeled);
    // ops (issue 12): the opt-in dashboard issue per repository, refreshed as tasks move; ticks steer tasks.
    RefreshDashboard dashboard = new RefreshDashboard(services, new DashboardIssues(parts.database().dataSource()),
        RefreshDashboard.interval(parts.env()), java.time.Clock.systemUTC());
    services.tasks().whenMoved(dashboard::request);
    handlers.on(IssuesEvent.class, Set.of("edited"), new SteerFromDashboard(services, start, queue, dashboard)::onEdited);
    RepairWiring.registerDurable(handlers, services, parts.jobs(), parts.targets(), queue, start);
    if (parts.jobs().settings().processJobs()) {
      // Tasks that no run advances (their job's retries ran out, their node died) are taken over.
      new ResumeUnattendedTasks(services, parts.jobs(), queue).startEvery(Duration.ofMinutes(5));
      // Clarifying questions nobody answered within question_timeout_days stop their task.
      new StopUnansweredQuestions(services).startEvery(Duration.ofHours(1));
    }
    log.info("{}; {}", services.policyDescription(), services.agents().describe()); // the description starts with "policy: "
    return handlers;
  }

  /** Starts everything from the environment; fails with a ConfigException on bad configuration. */
  public static AcsApp start(Env env) {
    return start(env, handlers -> {});
  }

  /** As {@link #start(Env)}, letting the caller add handlers (tests count invocations this way). */
  static AcsApp start(Env env, Consumer<EventHandlers> moreHandlers) {
    return start(env, moreHandlers, Optional.empty());
  }

  /** As {@link #start(Env)}, with the task pages and API for these visitors (none: {@code /} says how to turn them on). */
  public static AcsApp start(Env env, Optional<Visitors> visitors) {
    return start(env, handlers -> {}, visitors);
  }

  static AcsApp start(Env env, Consumer<EventHandlers> moreHandlers, Optional<Visitors> visitors) {
    String secret =
        env.require(
            "ACS_WEBHOOK_SECRET",
            "acs serve does not accept unsigned webhooks; set it to the webhook secret of the GitHub App");
    WebhookServer.Listen listen = WebhookServer.Listen.fromEnv(env);
    Jobs.Settings settings = Jobs.Settings.fromEnv(env);
    DeliveryWorkers.Settings workerSettings = DeliveryWorkers.Settings.fromEnv(env);
    SignatureCheck signature = new SignatureCheck(secret);

    Database database = Database.fromEnv(env);
    NodeIdentity node = NodeIdentity.fromEnv(env, WorkspaceSettings.fromEnv(env).workDir());
    Jobs jobs = null;
    DeliveryWorkers workers = null;
    DeliveryRecorder recorder = null;
    try {
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);
      JobTargets targets = new JobTargets();
      jobs = Jobs.open(database.dataSource(), targets, settings);
      JobGauges.bind(metrics, jobs::countsByState);
      DeliveryStore deliveries = new DeliveryStore(database, node.id());
      InstallationStore installations = new InstallationStore(database);
      RunOwners runs = new RunOwners(node.id());
      // Before any job runs here: the tasks this node's dead process held are free for their retried jobs at once.
      new ReleaseLeasesOfEarlierBoots(new TaskStore(database.dataSource()), runs).run();
      Parts parts = new Parts(env, database, jobs, targets, installations, metrics, runs);

      Optional<TaskSide> side = TaskSide.of(parts);
      EventHandlers handlers = eventHandlers(parts, side);
      moreHandlers.accept(handlers);
      EventParser parser = new EventParser();
      DeliveryProcessor processor =
          new DeliveryProcessor(deliveries, handlers, parser, settings.retries(), settings.backoffSeed());
      jobs.startProcessing();
      IntakeLoad intake = new IntakeLoad().bindTo(metrics);
      workers = new DeliveryWorkers(deliveries, processor, workerSettings, intake).bindTo(metrics).start();

      recorder = new DeliveryRecorder(deliveries, workers::wake, MAX_BATCH);
      WebhookRoute route =
          new WebhookRoute(signature, parser, handlers, recorder, new DeliveryMetrics(metrics), Duration.ofSeconds(10), intake);
      Jobs queue = jobs;
      DeliveryWorkers deliveryWorkers = workers;
      Health health = new Health(database.dataSource(), () -> (!settings.processJobs() || queue.isProcessing()) && deliveryWorkers.running(),
          new Health.Configured(env.get("ACS_MODEL").isPresent(), env.get(GitHubApps.APP_ID_VAR).isPresent()));
      WebhookServer server = WebhookServer.start(listen, route, health, metrics, WebWiring.routes(parts, side, visitors));
      log.info(
          "ACS serving webhooks on port {} (node {} boot {}, database {} {}, {} delivery workers, {} job workers, handlers {})",
          server.port(),
          node.id(),
          runs.boot(),
          database.dialect(),
          describe(env.get("ACS_DATABASE_URL", Database.DEFAULT_URL)),
          workerSettings.threads(),
          settings.workers(),
          handlers.describe());
      return new AcsApp(database, jobs, workers, recorder, server, node);
    } catch (RuntimeException e) {
      if (recorder != null) {
        recorder.close();
      }
      if (workers != null) {
        workers.close();
      }
      if (jobs != null) {
        jobs.close();
      }
      database.close();
      node.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  public Database database() {
    return database;
  }

  public Jobs jobs() {
    return jobs;
  }

  /**
   * Stops taking requests, stores what was received, lets the deliveries and jobs in hand finish
   * (or gives them back), closes the database.
   */
  @Override
  public void close() {
    log.info("ACS stopping");
    server.close();
    recorder.close();
    workers.close();
    jobs.close();
    database.close();
    node.close();
  }

  /** The database URL without user, password or options: only where it is. */
  static String describe(String url) {
    String s = url.replaceAll("//[^/@]*@", "//");
    int cut = s.length();
    for (char c : new char[] {'?', ';'}) {
      int i = s.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return s.substring(0, cut);
  }
}
