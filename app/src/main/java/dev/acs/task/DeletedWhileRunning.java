package dev.acs.task;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;

/**
 * A job cancelled while it runs ({@link Jobs#delete}: a pull request merged or closed, {@code /acs
 * stop}) is stored as deleted at once; JobRunr learns it on the running node at its next look at
 * the jobs in progress (every poll interval) and then interrupts the job. A job that ends by itself
 * in between — ACS's jobs do, when they find their task ended at their next step — would have
 * JobRunr store it as succeeded over the deletion, which fails on the job's version and is logged
 * as an ERROR ("could not update job … to SUCCEEDED state"). So before JobRunr stores the ending,
 * this filter looks at the stored job: deleted there, the job is deleted here too, and JobRunr
 * ignores the ending as it does when it found the deletion first.
 */
final class DeletedWhileRunning implements JobServerFilter {
  private final StorageProvider storage;

  DeletedWhileRunning(StorageProvider storage) {
    this.storage = storage;
  }

  @Override
  public void onProcessingSucceeded(Job job) {
    try {
      if (storage.getJobById(job.getId()).hasState(StateName.DELETED) && !job.hasState(StateName.DELETED)) {
        job.delete("cancelled while it ran");
      }
    } catch (JobNotFoundException gone) {
      // Deleted for good meanwhile: JobRunr handles that case itself.
    }
  }
}
