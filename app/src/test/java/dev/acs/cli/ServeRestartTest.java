package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.config.Env;
import dev.acs.task.Database;
import dev.acs.task.NodeIdentity;
import dev.acs.task.RunOwners;
import dev.acs.task.Task;
import dev.acs.task.TaskStore;
import dev.acs.task.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs serve} starting again on a node whose earlier process died holding tasks: by the time
 * it serves, those tasks' leases are expired (their retried jobs take them at once), and another
 * node's are not.
 */
class ServeRestartTest {
  @TempDir Path tmp;

  @Test
  void aRestartUnderAcsNodeIdFreesTheTasksItsEarlierProcessHeld() {
    assertReleasedOnRestart("acs-0.acs", Map.of(NodeIdentity.VAR, "acs-0.acs"));
  }

  @Test
  void aRestartOnTheSameWorkDirectoryFreesTheTasksItsEarlierProcessHeld() {
    String kept;
    try (NodeIdentity earlier = NodeIdentity.of(tmp.resolve("work"))) {
      kept = earlier.id();
    }
    assertReleasedOnRestart(kept, Map.of());
  }

  private void assertReleasedOnRestart(String node, Map<String, String> vars) {
    String url = TestDatabases.h2Url();
    Task dead;
    Task elsewhere;
    try (Database db = Database.open(url, "", "", 2)) {
      dead = held(db, new RunOwners(node), 1);
      elsewhere = held(db, new RunOwners("another-node"), 2);
    }
    Map<String, String> env = new HashMap<>(Map.of(
        "ACS_WEBHOOK_SECRET", "s",
        "ACS_PORT", "0",
        "ACS_DATABASE_URL", url,
        "ACS_WORK_DIR", tmp.resolve("work").toString(),
        "ACS_WORKERS", "1"));
    env.putAll(vars);
    try (AcsApp app = AcsApp.start(new Env(env))) {
      TaskStore anyRun = new TaskStore(app.database().dataSource());
      assertThat(anyRun.takeLease(dead.id(), "run:retried-job")).as("the dead process's task").isPresent();
      assertThat(anyRun.takeLease(elsewhere.id(), "run:retried-job")).as("another node's task").isEmpty();
    }
  }

  private static Task held(Database db, RunOwners process, int issue) {
    TaskStore store = new TaskStore(db.dataSource(), Clock.systemUTC(), TaskStore.DEFAULT_LEASE, process);
    Task t = store.findOrCreate("o/r", issue, null, "t");
    return store.takeLease(t.id(), store.newRunOwner()).orElseThrow();
  }
}
