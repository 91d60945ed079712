package dev.acs.task;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names the runs of one process for the task lease ({@link TaskStore#takeLease}) as {@code
 * <node>/<boot>/<n>}. The node id outlives the process ({@link NodeIdentity}); the boot id is new
 * in each process. So a restarted node can tell the leases its earlier life left behind (their
 * runs died with that process) from the ones it holds now, and release those at once ({@link
 * ReleaseLeasesOfEarlierBoots}) instead of letting its own tasks wait out {@code
 * ACS_TASK_LEASE_SECONDS}.
 */
public final class RunOwners {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String node;
  private final String boot;
  private final AtomicLong runs = new AtomicLong();

  /** The runs of this process on node {@code node}, under a new boot id. */
  public RunOwners(String node) {
    if (node.isEmpty() || node.contains("/") || node.contains("%") || node.contains("_")) {
      // '/' separates the parts; '%' and '_' would be wildcards where leases are matched by prefix.
      throw new IllegalArgumentException("a node id must be non-empty without '/', '%' or '_', got " + node);
    }
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    this.node = node;
    this.boot = HexFormat.of().formatHex(bytes);
  }

  /** Runs of a process whose id lives as long as it does (one-shot commands, tests). */
  public static RunOwners ephemeral() {
    return new RunOwners(NodeIdentity.ephemeral().id());
  }

  /** A new owner name for one run (one job taking a task). */
  public String next() {
    return bootPrefix() + runs.incrementAndGet();
  }

  public String node() {
    return node;
  }

  public String boot() {
    return boot;
  }

  /** What every owner name of this node starts with, whatever the boot. */
  String nodePrefix() {
    return node + "/";
  }

  /** What every owner name of this process starts with. */
  String bootPrefix() {
    return node + "/" + boot + "/";
  }
}
