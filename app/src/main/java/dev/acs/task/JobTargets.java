package dev.acs.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jobrunr.server.JobActivator;

/**
 * The objects jobs run on. A job is stored as "call method M of type T with these arguments";
 * when it runs, on whichever node, T is looked up here. Register every job type at start-up,
 * before {@link Jobs#startProcessing()}; an unregistered type fails the job with a clear message.
 */
public final class JobTargets implements JobActivator {
  private final Map<Class<?>, Object> targets = new ConcurrentHashMap<>();

  public <T> JobTargets register(Class<T> type, T target) {
    if (targets.putIfAbsent(type, target) != null) {
      throw new IllegalStateException("a job target for " + type.getName() + " is already registered");
    }
    return this;
  }

  @Override
  public <T> T activateJob(Class<T> type) {
    Object target = targets.get(type);
    if (target == null) {
      throw new IllegalStateException(
          "no job target registered for " + type.getName() + " (register it in JobTargets at start-up)");
    }
    return type.cast(target);
  }
}
