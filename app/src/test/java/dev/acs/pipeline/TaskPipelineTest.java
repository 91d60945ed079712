package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.Agents;
import dev.acs.agent.PriceTable;
import dev.acs.checks.PmdCheck;
import dev.acs.config.Env;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyGates;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHttpServer;
import dev.acs.testing.SampleRepository;
import dev.acs.testing.TestDatabases;
import dev.acs.workspace.BotIdentity;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-to-PR pipeline with real parts: a JGit HTTP server as the remote, a real database, the
 * real policy guardrails, PMD, and a scripted model (replay); GitHub is the in-memory stand-in.
 */
class TaskPipelineTest {
  static final String REPO = "octo/greeter";
  static final String TOKEN = "ghs_testInstallationToken0000000000000000";

  @TempDir Path tmp;
  GitHttpServer git;
  Database db;
  InMemoryRepoGitHub github;
  TaskStore tasks;

  @BeforeEach
  void setUp() throws Exception {
    git = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    SampleRepository.seed(git, REPO, TOKEN, tmp, Map.of(
        "src/main/java/demo/Greeter.java",
        "package demo;\n\npublic class Greeter {\n  public String greet(String name) {\n    return \"Hello \" + name;\n  }\n}\n",
        "README.md", "# greeter\n"));
    db = TestDatabases.h2();
    tasks = new TaskStore(db.dataSource());
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo(REPO, false, false, "main", git.url(REPO).toString()), "acs[bot]");
    github.setPushToken(TOKEN);
    github.setPermission("alice", "write");
    github.setPermission("mallory", "read");
  }

  @AfterEach
  void tearDown() throws Exception {
    git.close();
    db.close();
  }

  TaskServices services(Path script) {
    Env env = new Env(Map.of("ACS_MODEL", "replay:" + script, "ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString()));
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 41898282L)));
    return new TaskServices(tasks, PolicyGates.fromEnv(new Env(Map.of()), List::of), "guardrails only", workspaces,
        (inst, repo) -> github, new Agents(env, PriceTable.bundled(), Optional.of("replay:" + script)), PmdCheck.withBundledRules(),
        "http://127.0.0.1:" + git.port(), false);
  }

  Path script(String json) throws Exception {
    Path p = tmp.resolve("script.json");
    Files.writeString(p, json);
    return p;
  }

  static final String PLAN_AND_EDIT = """
      {"entries": [
        {"type": "assistant", "phase": "plan", "tool_calls": [{"name": "submit_plan", "arguments": {
          "summary": "Greet politely", "steps": ["Change the greeting", "Check it"],
          "files": ["src/main/java/demo/Greeter.java"], "risks": ["Callers may compare the text"],
          "verification": "PMD and the existing build"}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "read_file", "arguments": {"path": "src/main/java/demo/Greeter.java"}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "edit_file", "arguments": {
          "path": "src/main/java/demo/Greeter.java", "search": "return \\"Hello \\" + name;", "replace": "return \\"Hello, \\" + name + \\"!\\";"}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "finish", "arguments": {"summary": "greet() now says Hello, NAME!"}}]}
      ]}
      """;

  @Test
  void labeledIssueBecomesADraftPullRequest() throws Exception {
    int issue = github.addIssue("Greet politely", "Please add a comma and an exclamation mark.", "alice", "autocode");
    TaskServices services = services(script(PLAN_AND_EDIT));
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));

    Task started = start.start(github, 1L, issue, "Greet politely", new Requester("alice", "User", null, "issues", "labeled", null, false), true);

    Task task = tasks.find(started.id()).orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.branch()).isEqualTo("acs/" + issue + "-greet-politely");
    RepoGitHub.PullRequestInfo pr = github.pullRequests().get(0);
    assertThat(pr.draft()).isTrue();
    assertThat(pr.headRef()).isEqualTo(task.branch());
    assertThat(pr.body()).contains("Closes #" + issue).contains("greet() now says Hello, NAME!").contains("## Policy").contains("## Cost");
    assertThat(github.comments(issue)).extracting(InMemoryRepoGitHub.Comment::body)
        .anySatisfy(b -> assertThat(b).contains("ACS plan").contains("- [x] Change the greeting").contains("Implemented in #" + pr.number()))
        .anySatisfy(b -> assertThat(b).contains("opened a draft pull request: #" + pr.number()));
    RepoGitHub.CheckRunInfo check = github.checkRun(task.checkRunId());
    assertThat(check.name()).isEqualTo("ACS");
    assertThat(check.status()).isEqualTo("completed");
    assertThat(check.conclusion()).isEqualTo("success");
    assertThat(check.headSha()).isEqualTo(task.headSha());

    try (Git pushed = Git.open(git.bareDir(REPO).toFile())) {
      RevCommit head = pushed.log().add(pushed.getRepository().resolve("refs/heads/" + task.branch())).setMaxCount(1).call().iterator().next();
      assertThat(head.getName()).isEqualTo(task.headSha());
      assertThat(head.getFullMessage()).contains("Acs-Task: " + task.id());
      assertThat(head.getAuthorIdent().getName()).isEqualTo("acs[bot]");
    }
    assertThat(tasks.events(task.id())).extracting(e -> e.kind()).contains("policy", "push", "transition");
  }

  @Test
  void someoneWithoutWriteAccessGetsOnePoliteCommentAndNothingElse() throws Exception {
    int issue = github.addIssue("Greet politely", "", "mallory", "autocode");
    TaskServices services = services(script(PLAN_AND_EDIT));
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));
    Requester mallory = new Requester("mallory", "User", null, "issues", "labeled", null, false);

    assertThat(start.start(github, 1L, issue, "t", mallory, true)).isNull();
    assertThat(start.start(github, 1L, issue, "t", mallory, true)).isNull();

    assertThat(github.comments(issue)).singleElement().extracting(InMemoryRepoGitHub.Comment::body).asString().contains("will not act");
    assertThat(tasks.all()).isEmpty();
    assertThat(github.pullRequests()).isEmpty();
  }

  @Test
  void aChangeToAWorkflowIsBlockedByPolicyAndNothingIsPushed() throws Exception {
    int issue = github.addIssue("Add CI", "", "alice");
    TaskServices services = services(script("""
        {"entries": [
          {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Add CI", "steps": ["Add a workflow"],
            "files": ["README.md"], "risks": ["none"], "verification": "CI runs"}}]},
          {"type": "assistant", "tool_calls": [{"name": "create_file", "arguments": {"path": "id_rsa", "content": "not really a key"}}]},
          {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Added a key file"}}]}
        ]}
        """));
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));
    Task t = start.start(github, 1L, issue, "Add CI", new Requester("alice", "User", null, "issues", "labeled", null, false), true);

    Task task = tasks.find(t.id()).orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.BLOCKED_BY_POLICY);
    assertThat(github.pullRequests()).isEmpty();
    assertThat(github.comments(issue)).extracting(InMemoryRepoGitHub.Comment::body).anySatisfy(b -> assertThat(b).contains("`push` denied").contains("a secret-like file"));
    try (Git pushed = Git.open(git.bareDir(REPO).toFile())) {
      assertThat(pushed.getRepository().exactRef("refs/heads/" + task.branch())).isNull();
    }
  }
}
