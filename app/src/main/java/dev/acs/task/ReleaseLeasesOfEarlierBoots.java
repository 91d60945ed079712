package dev.acs.task;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, expires the task leases that this node's earlier processes held: a lease owned by
 * this node id under another boot id belongs to a run that died with its process (the node id is
 * unique among live processes, see {@link NodeIdentity}), so nobody renews it. Expired, it is taken
 * by the next job that wants the task — the dead run's job when the job queue retries it, on this
 * node or any other — instead of after {@code ACS_TASK_LEASE_SECONDS}. Leases of other nodes and
 * of this process are never touched.
 */
public final class ReleaseLeasesOfEarlierBoots {
  private static final Logger log = LoggerFactory.getLogger(ReleaseLeasesOfEarlierBoots.class);

  private final TaskStore store;
  private final RunOwners owners;

  public ReleaseLeasesOfEarlierBoots(TaskStore store, RunOwners owners) {
    this.store = store;
    this.owners = owners;
  }

  /** Expires those leases; returns how many. */
  public int run() {
    Instant now = store.now();
    // Just before now: a lease is free once lease_until < now (TaskStore#takeLease).
    Timestamp expired = Timestamp.from(now.minusMillis(1));
    List<Task> held = store.query(
        "SELECT * FROM tasks WHERE lease_owner LIKE ? AND lease_owner NOT LIKE ? AND lease_until >= ?",
        owners.nodePrefix() + "%", owners.bootPrefix() + "%", Timestamp.from(now));
    int released = 0;
    for (Task t : held) {
      // Compare-and-set on the owner: a run that took the task meanwhile keeps it.
      if (store.update("UPDATE tasks SET lease_until = ? WHERE id = ? AND lease_owner = ?", expired, t.id(), t.leaseOwner()) == 1) {
        store.appendEvent(t.id(), "lease", "released at the restart of node " + owners.node() + ": the run that held the task ("
            + t.leaseOwner() + ") died with its process", null);
        released++;
      }
    }
    if (released > 0) {
      log.warn("released {} task lease(s) that this node's earlier process held when it stopped; their jobs take the tasks over when retried",
          released);
    }
    return released;
  }
}
