package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acs.config.Json;
import dev.acs.context.ScanCache;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner and the coder scan the task's working tree into the shared {@link ScanCache}; when
 * the task is done with the tree (it is deleted), a real {@code acs serve} drops that scan too,
 * rather than keeping it until four other trees push it out. The repository's scan, which the next
 * task's tree starts from, stays.
 */
class AppForgetsTaskTreeScansTest {
  @TempDir Path tmp;
  AppRig rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new AppRig(tmp, "autocode");
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void theScanOfADeletedTaskTreeIsForgottenAndTheRepositorysScanKept() throws Exception {
    rig.model.openAi(AppIssueToPullRequestTest.FIX_THE_TYPO);
    rig.start(rig.openAi());

    assertThat(rig.deliver("issues", Json.MAPPER.writeValueAsBytes(AppRig.labeledPayload("autocode")))).isEqualTo(202);
    Task task = rig.awaitIssueTask();
    assertThat(task.state()).as("task ended %s: %s", task.state(), task.lastFailure()).isEqualTo(TaskState.PR_OPEN);
    Path tasksDir = tmp.resolve("work").resolve("tasks");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> treesIn(tasksDir) == 0);

    ScanCache.Kept kept = ScanCache.shared().kept();
    // This App scanned a tree of this test's repository (its git server's port is this test's own)...
    assertThat(kept.repositories()).anyMatch(r -> r.contains("127.0.0.1:" + rig.git.port() + "/"));
    // ...and kept no scan of the trees it deleted.
    assertThat(kept.trees()).noneMatch(t -> t.startsWith(tmp.toAbsolutePath().normalize()));
  }

  private static long treesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> trees = Files.list(dir)) {
      return trees.count();
    }
  }
}
