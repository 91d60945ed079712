package dev.acs.command;

import static dev.acs.pipeline.PipelineRig.INSTALLATION;
import static dev.acs.pipeline.PipelineRig.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.pipeline.JobRepairQueue;
import dev.acs.pipeline.JobTaskQueue;
import dev.acs.pipeline.QueuedRepairs;
import dev.acs.pipeline.PipelineRig;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.TaskRepairs;
import dev.acs.task.JobTargets;
import dev.acs.task.Jobs;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.testing.WebhookPayloads;
import dev.acs.webhook.event.IssueCommentEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code /acs} command end to end: a real {@code issue_comment} payload (adjusted in code)
 * goes to the handler, which asks the real guardrails and runs the real pipeline inline; the test
 * reads the comments, reactions, task and branch that result.
 */
class AnswerCommandTest {
  static final String CODE_ONLY = """
      {"entries": [
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "edit_file", "arguments": {
          "path": "src/main/java/demo/Greeter.java", "search": "return \\"Hello \\" + name;", "replace": "return \\"Hello, \\" + name + \\"!\\";"}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "finish", "arguments": {"summary": "greet() now says Hello, NAME!"}}]}
      ]}
      """;

  @TempDir Path tmp;
  PipelineRig rig;
  AnswerCommand handler;

  @BeforeEach
  void setUp() throws Exception {
    rig = PipelineRig.start(tmp);
    handler = new AnswerCommand(rig.services, rig.start, rig.queue, rig.repairQueue);
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  /** A person's comment, as GitHub stores it and as its webhook delivers it. */
  record Said(long id, IssueCommentEvent event) {}

  Said say(int number, boolean onPullRequest, String login, String body) {
    long id = rig.github.addComment(number, login, body);
    WebhookPayloads p = WebhookPayloads.of("issue_comment/created.json").repository(REPO).installation(INSTALLATION).sender(login, "User")
        .set("/issue/number", number).set("/comment/id", id).set("/comment/body", body).set("/comment/user/login", login);
    if (onPullRequest) {
      p.set("/issue/pull_request", Map.of("url", "https://api.github.com/repos/" + REPO + "/pulls/" + number,
          "html_url", "https://github.com/" + REPO + "/pull/" + number));
    }
    return new Said(id, p.parse(IssueCommentEvent.class));
  }

  Said edit(Said said, int number, String login, String before, String after) {
    IssueCommentEvent e = WebhookPayloads.of("issue_comment/edited.json").repository(REPO).installation(INSTALLATION).sender(login, "User")
        .set("/issue/number", number).set("/comment/id", said.id()).set("/comment/body", after).set("/comment/user/login", login)
        .set("/changes/body/from", before)
        .set("/issue/pull_request", Map.of("url", "https://api.github.com/repos/" + REPO + "/pulls/" + number,
            "html_url", "https://github.com/" + REPO + "/pull/" + number))
        .parse(IssueCommentEvent.class);
    return new Said(said.id(), e);
  }

  void deliver(Said said) {
    handler.onComment(said.event(), PipelineRig.delivery("issue_comment", said.event().action()));
  }

  Set<String> reactions(Said said) {
    return rig.github.reactionsOnIssueComment(said.id());
  }

  List<String> acsComments(int number) {
    return rig.github.comments(number).stream().filter(c -> c.author().equals("acs[bot]")).map(InMemoryRepoGitHub.Comment::body).toList();
  }

  int newIssue() {
    return rig.github.addIssue("Greet politely", "Please add a comma and an exclamation mark.", "alice");
  }

  @Test
  void helpListsTheCommandsAndAnUnknownCommandGetsHelpAndConfused() {
    int issue = newIssue();
    Said help = say(issue, false, "alice", "/acs help");
    deliver(help);
    assertThat(acsComments(issue)).singleElement().asString().contains("/acs fix [instructions]").contains("/acs stop");
    assertThat(reactions(help)).containsExactlyInAnyOrder("eyes", "rocket");

    Said unknown = say(issue, false, "alice", "Could you\n/acs frobnicate this\nplease");
    deliver(unknown);
    assertThat(acsComments(issue)).hasSize(2).last().asString().contains("`/acs frobnicate` is not a command I know");
    assertThat(reactions(unknown)).containsExactlyInAnyOrder("eyes", "confused");

    Said chat = say(issue, false, "alice", "Thanks! To stop it, one writes:\n```\n/acs stop\n```\n> /acs stop");
    deliver(chat);
    assertThat(reactions(chat)).isEmpty();
  }

  @Test
  void someoneWithoutWriteAccessIsToldNoAndNothingHappens() {
    int issue = newIssue();
    Said implement = say(issue, false, "mallory", "/acs implement");
    deliver(implement);
    assertThat(acsComments(issue)).singleElement().asString().contains("will not act");
    Said status = say(issue, false, "mallory", "/acs status");
    deliver(status);

    assertThat(rig.tasks.all()).isEmpty();
    assertThat(reactions(implement)).containsExactlyInAnyOrder("eyes", "confused");
    assertThat(reactions(status)).containsExactlyInAnyOrder("eyes", "confused");
    // One refusal comment, edited in place: refusing again does not add comments.
    assertThat(acsComments(issue)).singleElement().asString().contains("will not run `/acs status`").doesNotContain("ACS status");
  }

  @Test
  void planPostsAPlanAndApproveImplementsIt() {
    int issue = newIssue();
    rig.script(PipelineRig.PLAN_AND_EDIT);
    Said plan = say(issue, false, "alice", "/acs plan");
    deliver(plan);
    Task task = rig.tasks.findByIssue(REPO, issue).orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.PLANNED);
    assertThat(task.prNumber()).isNull();
    assertThat(acsComments(issue)).anySatisfy(c -> assertThat(c).contains("ACS plan").contains("Change the greeting"));
    assertThat(reactions(plan)).containsExactlyInAnyOrder("eyes", "rocket");

    rig.script(CODE_ONLY);
    Said approve = say(issue, false, "bob", "/acs approve");
    deliver(approve);
    Task implemented = rig.task(task.id());
    assertThat(implemented.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(rig.github.pullRequests()).singleElement().satisfies(pr -> assertThat(pr.body()).contains("Closes #" + issue));
    assertThat(reactions(approve)).containsExactlyInAnyOrder("eyes", "rocket");
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.summary()).isEqualTo("plan approved by @bob"));

    Said again = say(issue, false, "bob", "/acs approve");
    deliver(again);
    assertThat(reactions(again)).containsExactlyInAnyOrder("eyes", "confused");
    assertThat(acsComments(issue)).anySatisfy(c -> assertThat(c).contains("No plan is waiting for approval here (the task is `PR_OPEN`)"));
  }

  @Test
  void implementOpensADraftPullRequestAndIsRefusedOnAPullRequest() {
    int issue = newIssue();
    rig.script(PipelineRig.PLAN_AND_EDIT);
    Said implement = say(issue, false, "alice", "/ACS implement");
    deliver(implement);
    Task task = rig.tasks.findByIssue(REPO, issue).orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.requestedBy()).isEqualTo("alice");
    assertThat(reactions(implement)).containsExactlyInAnyOrder("eyes", "rocket");

    Said onPr = say(task.prNumber(), true, "alice", "/acs implement");
    deliver(onPr);
    assertThat(reactions(onPr)).containsExactlyInAnyOrder("eyes", "confused");
    assertThat(acsComments(task.prNumber())).anySatisfy(c -> assertThat(c).contains("works on issues"));
  }

  @Test
  void fixPushesOneCommitFollowingTheInstructions() {
    Task task = rig.openPullRequest();
    int pr = task.prNumber();
    int commitsBefore = rig.commits(task.branch()).size();
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name as asked"));
    Said fix = say(pr, true, "bob", "Looks good, one thing:\n/acs fix strip whitespace around the name");
    deliver(fix);
    deliver(fix); // the same delivery again (a retry): still one commit

    assertThat(rig.commits(task.branch())).hasSize(commitsBefore + 1);
    assertThat(rig.commits(task.branch()).get(0).getShortMessage()).isEqualTo("Fix requested by @bob (#" + task.issueNumber() + ")");
    assertThat(rig.transcripts()).contains("@bob asked on the pull request (`/acs fix`):\\nstrip whitespace around the name");
    assertThat(reactions(fix)).containsExactlyInAnyOrder("eyes", "rocket");
    assertThat(acsComments(pr)).anySatisfy(c -> assertThat(c).contains("Pushed").contains("`/acs fix`").contains("Strip the name as asked"));
    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(after.attempts()).isEqualTo(1);

    Said onIssue = say(task.issueNumber(), false, "bob", "/acs fix");
    deliver(onIssue);
    assertThat(reactions(onIssue)).containsExactlyInAnyOrder("eyes", "confused");
  }

  @Test
  void fixAfterTheAttemptLimitGivesAFreshStart() {
    Task task = rig.openPullRequest();
    rig.tasks.set(task.id(), "attempts", 3);
    rig.tasks.transition(task.id(), TaskState.FAILED, "attempts used up");
    rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
    Said fix = say(task.prNumber(), true, "alice", "/acs fix strip the name");
    deliver(fix);
    Task after = rig.task(task.id());
    assertThat(after.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(reactions(fix)).contains("rocket");
  }

  @Test
  void stopEndsTheTaskAndQueuedWorkDoesNothing() {
    Task task = rig.openPullRequest();
    QueuedRepairs later = new QueuedRepairs(new TaskRepairs(rig.services));
    later.fix(task.id(), task.prNumber(), "something", 0, new Requester("alice", "User", "write", "issue_comment", "created", "fix", false));
    int commitsBefore = rig.commits(task.branch()).size();

    Said stop = say(task.prNumber(), true, "alice", "/acs stop");
    deliver(stop);
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);
    assertThat(reactions(stop)).containsExactlyInAnyOrder("eyes", "rocket");
    assertThat(acsComments(task.prNumber())).anySatisfy(c -> assertThat(c).contains("Stopped, as @alice asked"));

    later.runAll(); // a job that was already taken by a worker when the stop came
    assertThat(rig.commits(task.branch())).hasSize(commitsBefore);
    assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);

    Said again = say(task.prNumber(), true, "alice", "/acs stop");
    deliver(again);
    assertThat(acsComments(task.prNumber())).anySatisfy(c -> assertThat(c).contains("Nothing to stop: the task is already `STOPPED`"));
  }

  @Test
  void stopCancelsTheTasksQueuedJobsIncludingRepairs() throws Exception {
    Task task = rig.openPullRequest();
    JobTargets targets = new JobTargets();
    try (Jobs jobs = Jobs.open(rig.db.dataSource(), targets, new Jobs.Settings(0, Duration.ofSeconds(5), 0, 3, false))) {
      JobTaskQueue queue = new JobTaskQueue(jobs, rig.tasks);
      JobRepairQueue repairs = new JobRepairQueue(jobs, queue);
      repairs.repairChecks(task.id(), task.prNumber(), task.headSha());
      repairs.fix(task.id(), task.prNumber(), "x", 1, new Requester("alice", "User", "write", "issue_comment", "created", "fix", false));
      AnswerCommand withJobs = new AnswerCommand(rig.services, rig.start, queue, repairs);

      Said stop = say(task.prNumber(), true, "alice", "/acs stop");
      withJobs.onComment(stop.event(), PipelineRig.delivery("issue_comment", "created"));

      assertThat(rig.task(task.id()).state()).isEqualTo(TaskState.STOPPED);
      List<UUID> ids = rig.tasks.events(task.id()).stream().filter(e -> e.kind().equals("job")).map(e -> UUID.fromString(e.detail())).toList();
      assertThat(ids).hasSize(2);
      assertThat(ids).allSatisfy(id -> assertThat(jobs.state(id)).contains("DELETED"));
      assertThat(acsComments(task.prNumber())).anySatisfy(c -> assertThat(c).contains("2 queued or running job(s) cancelled"));
    }
  }

  @Test
  void statusAnswersWithStateAttemptsLastFailureTokensAndCost() {
    Task task = rig.openPullRequest();
    rig.tasks.set(task.id(), "last_failure", "failing checks: `build`");
    Said status = say(task.prNumber(), true, "bob", "/acs status");
    deliver(status);
    assertThat(acsComments(task.prNumber())).anySatisfy(c -> assertThat(c).contains("| state | `PR_OPEN` |")
        .contains("| pull request | #" + task.prNumber() + " |").contains("| repair attempts | 0 |")
        .contains("| last failure | failing checks: `build` |").contains("| tokens |").contains("| cost | $"));
    assertThat(reactions(status)).containsExactlyInAnyOrder("eyes", "rocket");

    int other = newIssue();
    Said none = say(other, false, "bob", "/acs status");
    deliver(none);
    assertThat(acsComments(other)).singleElement().asString().contains("There is no ACS task here");
  }

  @Test
  void anEditedCommentRunsAgainOnlyWhenItsCommandChanged() {
    Task task = rig.openPullRequest();
    int pr = task.prNumber();
    Said status = say(pr, true, "bob", "/acs status");
    deliver(status);
    int answers = acsComments(pr).size();

    deliver(edit(status, pr, "bob", "/acs status", "/acs status\n\n(typo fixed)"));
    assertThat(acsComments(pr)).hasSize(answers);

    Said chat = say(pr, true, "bob", "Nice work");
    deliver(edit(chat, pr, "bob", "Nice work", "Nice work\n/acs status"));
    assertThat(acsComments(pr)).hasSize(answers + 1).last().asString().contains("| state | `PR_OPEN` |");
    assertThat(reactions(chat)).containsExactlyInAnyOrder("eyes", "rocket");
  }

  @Test
  void aStopWhilePlanningEndsTheJobQuietly() {
    int issue = newIssue();
    rig.script(PipelineRig.PLAN_AND_EDIT);
    // `/acs stop` from another node lands while the planning job works (right after its fetch).
    rig.git.afterNextFetch(() -> rig.tasks.findByIssue(REPO, issue)
        .ifPresent(t -> rig.tasks.transition(t.id(), TaskState.STOPPED, "stopped by @alice")));
    Said implement = say(issue, false, "alice", "/acs implement");
    deliver(implement);

    Task task = rig.tasks.findByIssue(REPO, issue).orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.STOPPED);
    assertThat(rig.github.pullRequests()).isEmpty();
    assertThat(rig.tip("acs/" + issue + "-greet-politely")).isNull();
    assertThat(acsComments(issue)).noneSatisfy(c -> assertThat(c).contains("<!-- acs:error -->"));
    assertThat(rig.tasks.events(task.id())).anySatisfy(e -> assertThat(e.kind()).isEqualTo("stop"));
  }
}
