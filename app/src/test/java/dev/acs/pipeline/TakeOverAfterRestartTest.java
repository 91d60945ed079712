package dev.acs.pipeline;

import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.PLAN_AND_EDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.acs.github.GitHubException;
import dev.acs.task.ReleaseLeasesOfEarlierBoots;
import dev.acs.task.RunOwners;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed while its run held a task, then restarted: the retried job takes the task at once,
 * where it used to wait out the task lease ({@code ACS_TASK_LEASE_SECONDS}, 300 s by default).
 */
class TakeOverAfterRestartTest {
  @TempDir Path tmp;
  PipelineRig rig;
  TaskLifecycleTest.HeldTasks held;
  StartTask start;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    held = new TaskLifecycleTest.HeldTasks(rig.pipeline);
    start = new StartTask(rig.services, held);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void theRetriedJobTakesTheTaskAtOnceAfterItsNodeRestarted() {
    int issue = rig.github.addIssue("Greet politely", "Please add a comma and an exclamation mark.", "alice", "autocode");
    rig.faults.failNext("openDraftPullRequest", new GitHubException(503, "open pull request: GitHub answered 503", null));
    rig.script(PLAN_AND_EDIT);
    start.start(rig.github, INSTALLATION, issue, "Greet politely", PipelineRig.requester("alice"), true);
    catchThrowable(held::runAll);
    Task stuck = rig.tasks.findByIssue(rig.repo, issue).orElseThrow();
    assertThat(stuck.state()).isEqualTo(TaskState.IMPLEMENTING);

    // The retry ran on node-a, which was killed (SIGKILL) while its run held the task.
    TaskStore killed = new TaskStore(rig.db.dataSource(), Clock.systemUTC(), TaskStore.DEFAULT_LEASE, new RunOwners("node-a"));
    assertThat(killed.takeLease(stuck.id(), killed.newRunOwner())).isPresent();
    assertThatThrownBy(held::retryLast).as("the lease stands while nobody knows its run is dead").isInstanceOf(TaskRepairs.TaskBusy.class);

    // node-a starts again: a new process (boot) under the same node id.
    RunOwners restarted = new RunOwners("node-a");
    assertThat(new ReleaseLeasesOfEarlierBoots(rig.tasks, restarted).run()).isEqualTo(1);
    held.retryLast(); // the queue's next retry of the dead run's job

    Task done = rig.task(stuck.id());
    assertThat(done.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.github.pullRequests()).hasSize(1);
    assertThat(done.leaseOwner()).isNull();
    assertThat(rig.tasks.events(done.id())).extracting(TaskEvent::summary)
        .anySatisfy(s -> assertThat(s).contains("released at the restart of node node-a"))
        .anySatisfy(s -> assertThat(s).contains("took over the task from a run whose lease expired"));
  }
}
