package dev.acs.task;

import dev.acs.config.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.details.CachingJobDetailsGenerator;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.lambdas.IocJobLambda;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * Durable background jobs (JobRunr) stored in the ACS database, so every node sharing the
 * database shares the queue. A job is a method call on a target registered in {@link JobTargets},
 * e.g. {@code jobs.enqueue((TaskPipeline p) -> p.implement(taskId, arg))}. Failed jobs are retried with exponential backoff ({@code backoffSeed^failures} seconds).
 *
 * <p>No JobRunr globals are used: several instances can live in one JVM (tests run two nodes).
 */
public final class Jobs implements AutoCloseable {
  private final StorageProvider storage;
  private final JobScheduler scheduler;
  private final BackgroundJobServer server;
  private final Settings settings;

  /**
   * How jobs run on this node.
   *
   * @param workers jobs processed at once on this node ({@code ACS_WORKERS}; 0 = none)
   * @param pollInterval how often this node looks for new jobs; JobRunr allows 5 s at least
   * @param retries attempts after the first failure before a job is FAILED for good
   * @param backoffSeed retry n waits {@code backoffSeed^n} seconds
   * @param processJobs false for a node that only enqueues (no background server)
   */
  public record Settings(int workers, Duration pollInterval, int retries, int backoffSeed, boolean processJobs) {
    public Settings {
      if (workers < 0 || (workers == 0 && processJobs)) {
        throw new dev.acs.config.ConfigException("ACS_WORKERS must be 0 (receive only) or more, got " + workers);
      }
      if (pollInterval.compareTo(Duration.ofSeconds(5)) < 0) {
        throw new dev.acs.config.ConfigException("ACS_JOB_POLL_SECONDS must be at least 5, got " + pollInterval.toSeconds());
      }
      if (retries < 0) {
        throw new dev.acs.config.ConfigException("ACS_JOB_RETRIES must be 0 or more, got " + retries);
      }
    }

    /** ACS_WORKERS=0 makes a node that only enqueues: other nodes on the same database process. */
    public static Settings fromEnv(Env env) {
      int workers = env.getInt("ACS_WORKERS", 8);
      return new Settings(
          workers,
          Duration.ofSeconds(env.getInt("ACS_JOB_POLL_SECONDS", 5)),
          env.getInt("ACS_JOB_RETRIES", 10),
          RetryFilter.DEFAULT_BACKOFF_POLICY_TIME_SEED,
          workers > 0);
    }
  }

  private Jobs(StorageProvider storage, JobScheduler scheduler, BackgroundJobServer server, Settings settings) {
    this.storage = storage;
    this.scheduler = scheduler;
    this.server = server;
    this.settings = settings;
  }

  /**
   * Creates JobRunr's tables if needed and makes jobs enqueueable; nothing runs on this node until
   * {@link #startProcessing()}, so job targets that need this {@code Jobs} can be registered first.
   */
  public static Jobs open(DataSource dataSource, JobTargets targets, Settings settings) {
    JacksonJsonMapper json = new JacksonJsonMapper();
    StorageProvider storage = SqlStorageProviderFactory.using(dataSource);
    storage.setJobMapper(new JobMapper(json));
    RetryFilter retries = new RetryFilter(settings.retries(), settings.backoffSeed());
    List<JobFilter> filters = List.of(retries);
    // On the node that runs jobs: a job cancelled while it ran stays cancelled, without an ERROR.
    List<JobFilter> serverFilters = List.of(retries, new DeletedWhileRunning(storage));
    BackgroundJobServer server = null;
    if (settings.processJobs()) {
      server =
          new BackgroundJobServer(
              storage,
              json,
              targets,
              BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                  .andBackgroundJobServerWorkerPolicy(
                      // Platform threads: job work (database, CPU) must not occupy the few
                      // carrier threads that virtual threads share with request handling.
                      new DefaultBackgroundJobServerWorkerPolicy(settings.workers(), BackgroundJobServerThreadType.PlatformThreads))
                  .andPollInterval(settings.pollInterval()));
      server.setJobFilters(serverFilters);
    }
    JobScheduler scheduler = new JobScheduler(storage, new CachingJobDetailsGenerator(), filters);
    return new Jobs(storage, scheduler, server, settings);
  }

  /** Starts this node's background job server (no-op when settings say it only enqueues). */
  public Jobs startProcessing() {
    if (server != null) {
      server.start();
    }
    return this;
  }

  /** Enqueues a job under a fresh id. */
  public <S> UUID enqueue(IocJobLambda<S> work) {
    return scheduler.enqueue(work).asUUID();
  }

  /** Runs the job at (or soon after) the given time. */
  public <S> UUID schedule(Instant at, IocJobLambda<S> work) {
    return scheduler.schedule(at, work).asUUID();
  }

  /**
   * Cancels a job: it will not run (again); a job running on this node is interrupted. Returns
   * false when no job has this id.
   */
  public boolean delete(UUID id, String reason) {
    try {
      scheduler.delete(id, reason);
      return true;
    } catch (JobNotFoundException e) {
      return false;
    }
  }

  /** The job's state (ENQUEUED, SCHEDULED, PROCESSING, SUCCEEDED, FAILED, DELETED), if it exists. */
  public Optional<String> state(UUID id) {
    try {
      Job job = storage.getJobById(id);
      return Optional.of(job.getState().name());
    } catch (JobNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Jobs by state, lower case ({@code scheduled}, {@code enqueued}, {@code processing}, {@code
   * failed}, {@code succeeded}), as the job store counts them for all nodes; for {@code acs_jobs}.
   */
  public java.util.Map<String, Long> countsByState() {
    org.jobrunr.storage.JobStats s = storage.getJobStats();
    return java.util.Map.of("scheduled", nonNull(s.getScheduled()), "enqueued", nonNull(s.getEnqueued()),
        "processing", nonNull(s.getProcessing()), "failed", nonNull(s.getFailed()), "succeeded", nonNull(s.getSucceeded()));
  }

  private static long nonNull(Long n) {
    return n == null ? 0 : n;
  }

  public Settings settings() {
    return settings;
  }

  /** True while this node's background server is running. */
  public boolean isProcessing() {
    return server != null && server.isRunning();
  }

  /** Stops processing (running jobs get a few seconds, then are retried elsewhere) and closes storage. */
  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
    storage.close();
  }
}
