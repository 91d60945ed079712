package dev.acs.pipeline;

import dev.acs.agent.Agents;
import dev.acs.agent.PriceTable;
import dev.acs.checks.PmdCheck;
import dev.acs.config.Env;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyGates;
import dev.acs.task.Database;
import dev.acs.task.Task;
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

/**
 * The pipeline with real parts for one test, as in {@link TaskPipelineTest}: a JGit HTTP server
 * holding {@code octo/greeter}, an H2 database, the real guardrails and PMD, a scripted model
 * (replay) and the in-memory GitHub. Start a task with {@link #label}.
 */
final class PipelineHarness implements AutoCloseable {
  static final String REPO = "octo/greeter";
  static final String TOKEN = "ghs_testInstallationToken0000000000000000";
  static final String GREETER = "src/main/java/demo/Greeter.java";

  final Path tmp;
  final GitHttpServer git;
  final Database db;
  final InMemoryRepoGitHub github;
  final TaskStore tasks;

  PipelineHarness(Path tmp) throws Exception {
    this.tmp = tmp;
    git = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    SampleRepository.seed(git, REPO, TOKEN, tmp, Map.of(
        GREETER, "package demo;\n\npublic class Greeter {\n  public String greet(String name) {\n    return \"Hello \" + name;\n  }\n}\n"));
    db = TestDatabases.h2();
    tasks = new TaskStore(db.dataSource());
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo(REPO, false, false, "main", git.url(REPO).toString()), "acs[bot]");
    github.setPushToken(TOKEN);
    github.setPermission("alice", "write");
  }

  TaskServices services(String scriptJson) throws Exception {
    Path script = Files.createTempFile(tmp, "script", ".json");
    Files.writeString(script, scriptJson);
    Env env = new Env(Map.of("ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString()));
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 41898282L)));
    return new TaskServices(tasks, PolicyGates.fromEnv(new Env(Map.of()), List::of), "guardrails only", workspaces,
        (inst, repo) -> github, new Agents(env, PriceTable.bundled(), Optional.of("replay:" + script)), PmdCheck.withBundledRules(),
        "http://127.0.0.1:" + git.port(), false);
  }

  /** alice labels a new issue; the task runs inline; returns it as it ended. */
  Task label(String scriptJson) throws Exception {
    int issue = github.addIssue("Greet politely", "Please add a comma.", "alice", "autocode");
    TaskServices services = services(scriptJson);
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));
    Task started = start.start(github, 1L, issue, "Greet politely", new Requester("alice", "User", null, "issues", "labeled", null, false), true);
    return tasks.find(started.id()).orElseThrow();
  }

  List<String> branchesOnServer() throws Exception {
    try (Git bare = Git.open(git.bareDir(REPO).toFile())) {
      return bare.branchList().call().stream().map(r -> r.getName()).toList();
    }
  }

  @Override
  public void close() throws Exception {
    git.close();
    db.close();
  }
}
