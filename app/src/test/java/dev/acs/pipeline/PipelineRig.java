package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.Agents;
import dev.acs.agent.PriceTable;
import dev.acs.checks.PmdCheck;
import dev.acs.config.Env;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.AuditedPolicyGate;
import dev.acs.policy.PolicyDecisionLog;
import dev.acs.policy.PolicyGates;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import dev.acs.testing.GitHttpServer;
import dev.acs.testing.SampleRepository;
import dev.acs.testing.TestDatabases;
import dev.acs.webhook.DeliveryContext;
import dev.acs.workspace.BotIdentity;
import dev.acs.workspace.WorkspaceSettings;
import dev.acs.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The real parts behind the pipeline tests: a JGit HTTP server holding {@code octo/greeter} (or
 * another repository a test seeds), an H2 task database, the real guardrails, PMD, the replay model
 * (its script is rewritten before each job: every job starts the script from its first turn) and
 * the in-memory GitHub (through {@link FaultyGitHub}, where a test may arm faults). {@link #label} runs the real issue-to-PR pipeline for a new issue, and
 * {@link #openPullRequest()} checks it opened a pull request, so every repair starts from a pull
 * request ACS made. Work runs inline (the one-shot commands' queues).
 */
public final class PipelineRig implements AutoCloseable {
  public static final String REPO = "octo/greeter";
  public static final String TOKEN = "ghs_testInstallationToken0000000000000000";
  public static final long INSTALLATION = 4242L;
  public static final String GREETER = "src/main/java/demo/Greeter.java";
  public static final Map<String, String> GREETER_FILES = Map.of(
      GREETER, "package demo;\n\npublic class Greeter {\n  public String greet(String name) {\n    return \"Hello \" + name;\n  }\n}\n",
      "README.md", "# greeter\n");

  /** The repository on the git server and in the in-memory GitHub. */
  public final String repo;

  public final Path tmp;
  public final GitHttpServer git;
  public final Database db;
  public final TaskStore tasks;
  public final InMemoryRepoGitHub github;
  /** What the pipeline talks to: {@link #github} with faults a test may arm. */
  public final FaultyGitHub faults;
  public final Path script;
  public final TaskServices services;
  public final TaskPipeline pipeline;
  public final InlineTaskQueue queue;
  public final TaskRepairs repairs;
  public final InlineRepairQueue repairQueue;
  public final StartTask start;

  private PipelineRig(Path tmp, String repo, Map<String, String> files, boolean runRepositoryChecks) throws Exception {
    this(tmp, repo, files, runRepositoryChecks, null, UnaryOperator.identity());
  }

  private PipelineRig(Path tmp, String repo, Map<String, String> files, boolean runRepositoryChecks, Map<String, String> modelEnv,
      UnaryOperator<RepoGitHub> githubView) throws Exception {
    this.tmp = tmp;
    this.repo = repo;
    git = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    SampleRepository.seed(git, repo, TOKEN, tmp, files);
    db = TestDatabases.h2();
    tasks = new TaskStore(db.dataSource());
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo(repo, false, false, "main", git.url(repo).toString()), "acs[bot]");
    github.setPushToken(TOKEN);
    github.setPermission("alice", "write");
    github.setPermission("bob", "write");
    github.setPermission("mallory", "read");
    github.setBranchHead("main", tip("main"));
    faults = new FaultyGitHub(github);
    script = tmp.resolve("script.json");
    Map<String, String> envVars = new java.util.HashMap<>(Map.of("ACS_MODEL", "replay:" + script, "ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString()));
    if (modelEnv != null) {
      envVars.putAll(modelEnv);
    }
    Env env = new Env(envVars);
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 41898282L)));
    // Audited as in the App (TaskWiring), so a test can read the decisions back (the task page shows them).
    services = new TaskServices(tasks, new AuditedPolicyGate(PolicyGates.fromEnv(new Env(Map.of()), List::of),
        new PolicyDecisionLog(db.dataSource()), java.time.Clock.systemUTC()), "guardrails only", workspaces,
        (inst, name) -> githubView.apply(faults), new Agents(env, PriceTable.bundled(), Optional.of(envVars.get("ACS_MODEL"))), PmdCheck.withBundledRules(),
        "http://127.0.0.1:" + git.port(), runRepositoryChecks);
    pipeline = new TaskPipeline(services);
    queue = new InlineTaskQueue(pipeline);
    repairs = new TaskRepairs(services);
    repairQueue = new InlineRepairQueue(repairs);
    start = new StartTask(services, queue);
  }

  /** {@code octo/greeter} with {@link #GREETER_FILES}; the agent's check is PMD (the App's server). */
  public static PipelineRig start(Path tmp) throws Exception {
    return new PipelineRig(tmp, REPO, GREETER_FILES, false);
  }

  /**
   * Another repository with these files on {@code main}; {@code runRepositoryChecks} as in {@link
   * TaskServices} (true: the repository's test command runs, as in the Action).
   */
  public static PipelineRig start(Path tmp, String repo, Map<String, String> files, boolean runRepositoryChecks) throws Exception {
    return new PipelineRig(tmp, repo, files, runRepositoryChecks);
  }

  /**
   * Another repository, with the model and environment of {@code modelEnv} (e.g. {@code ACS_MODEL}
   * pointing at a WireMock provider, planted secrets) and ACS's GitHub seen through {@code
   * githubView} (e.g. a recorder of every write).
   */
  public static PipelineRig start(Path tmp, String repo, Map<String, String> files, Map<String, String> modelEnv,
      UnaryOperator<RepoGitHub> githubView) throws Exception {
    return new PipelineRig(tmp, repo, files, false, modelEnv, githubView);
  }

  // ---- the model ----

  /** The next job's model turns (a replay script, see TaskPipelineTest). */
  public void script(String json) {
    try {
      Files.writeString(script, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static final String PLAN_AND_EDIT = """
      {"entries": [
        {"type": "assistant", "phase": "plan", "tool_calls": [{"name": "submit_plan", "arguments": {
          "summary": "Greet politely", "steps": ["Change the greeting", "Check it"],
          "files": ["src/main/java/demo/Greeter.java"], "risks": ["Callers may compare the text"],
          "verification": "PMD and the existing build"}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "read_file", "arguments": {"path": "src/main/java/demo/Greeter.java"}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "edit_file", "arguments": {
          "path": "src/main/java/demo/Greeter.java", "search": "return \\"Hello \\" + name;", "replace": "return \\"Hello, \\" + name + \\"!\\";"}},
          {"name": "mark_step_done", "arguments": {"step": 1}}]},
        {"type": "assistant", "phase": "code", "tool_calls": [{"name": "finish", "arguments": {"summary": "greet() now says Hello, NAME!"}}]}
      ]}
      """;

  /** A coder run that replaces one piece of {@link #GREETER} and finishes with the summary. */
  public static String editScript(String search, String replace, String summary) {
    return """
        {"entries": [
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "read_file", "arguments": {"path": "%s"}}]},
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "edit_file", "arguments": {"path": "%s", "search": %s, "replace": %s}}]},
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "finish", "arguments": {"summary": %s}}]}
        ]}
        """.formatted(GREETER, GREETER, json(search), json(replace), json(summary));
  }

  /** A coder run that looks and gives up without changing anything. */
  public static String giveUpScript(String summary) {
    return """
        {"entries": [
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "read_file", "arguments": {"path": "%s"}}]},
          {"type": "assistant", "phase": "code", "tool_calls": [{"name": "finish", "arguments": {"summary": %s, "outcome": "gave_up"}}]}
        ]}
        """.formatted(GREETER, json(summary));
  }

  static String json(String s) {
    try {
      return dev.acs.config.Json.MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything the model was shown in this test, across all transcripts written so far. */
  public String transcripts() {
    Path dir = tmp.resolve("transcripts");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    try (Stream<Path> files = Files.list(dir)) {
      StringBuilder sb = new StringBuilder();
      for (Path f : files.sorted().toList()) {
        sb.append(Files.readString(f));
      }
      return sb.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- GitHub and git ----

  /**
   * alice labels a new issue {@code autocode}; the real pipeline runs it inline with these model
   * turns; returns the task as it ended.
   */
  public Task label(String title, String scriptJson) {
    int issue = github.addIssue(title, "Please add a comma and an exclamation mark.", "alice", "autocode");
    script(scriptJson);
    Task started = start.start(github, INSTALLATION, issue, title, requester("alice"), true);
    return task(started.id());
  }

  /** Someone who labeled an issue. */
  public static Requester requester(String login) {
    return new Requester(login, "User", null, "issues", "labeled", null, false);
  }

  /** Runs the real pipeline for a new issue (asked by alice) and returns the task with its draft pull request. */
  public Task openPullRequest() {
    Task task = label("Greet politely", PLAN_AND_EDIT);
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    assertThat(task.requestedBy()).isEqualTo("alice");
    syncHead(task);
    return task;
  }

  /** What GitHub does after a push: the pull request's head follows the branch. */
  public void syncHead(Task task) {
    github.setBranchHead(task.branch(), tip(task.branch()));
  }

  public Task task(String id) {
    return tasks.find(id).orElseThrow();
  }

  /** The branch's tip on the server, or null. */
  public String tip(String branch) {
    try (Git g = Git.open(git.bareDir(repo).toFile())) {
      ObjectId id = g.getRepository().resolve("refs/heads/" + branch);
      return id == null ? null : id.getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The branches on the server, as {@code refs/heads/...}. */
  public List<String> branches() {
    try (Git g = Git.open(git.bareDir(repo).toFile())) {
      return g.branchList().call().stream().map(r -> r.getName()).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The branch's commits on the server, newest first. */
  public List<RevCommit> commits(String branch) {
    try (Git g = Git.open(git.bareDir(repo).toFile())) {
      List<RevCommit> out = new ArrayList<>();
      g.log().add(g.getRepository().resolve("refs/heads/" + branch)).call().forEach(out::add);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file as it is on the branch on the server. */
  public String fileOn(String branch, String path) {
    try (Git g = Git.open(git.bareDir(repo).toFile())) {
      var r = g.getRepository();
      try (var walk = new org.eclipse.jgit.revwalk.RevWalk(r)) {
        RevCommit c = walk.parseCommit(r.resolve("refs/heads/" + branch));
        try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(r, path, c.getTree())) {
          return tw == null ? null : new String(r.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A person (not ACS) commits a file to the branch and pushes it to the server, from their own
   * clone. Returns the new tip.
   */
  public String humanPush(String branch, String path, String content, String message) {
    try {
      Path dir = Files.createTempDirectory(tmp, "person");
      try (Git g = Git.cloneRepository().setURI(git.bareDir(repo).toUri().toString()).setDirectory(dir.toFile()).setBranch(branch).call()) {
        Files.writeString(dir.resolve(path), content);
        g.add().addFilepattern(path).call();
        PersonIdent bob = new PersonIdent("Bob Human", "bob@example.org");
        RevCommit c = g.commit().setMessage(message).setAuthor(bob).setCommitter(bob).setSign(false).call();
        g.push().setRemote("origin").add(branch).call();
        return c.getName();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static DeliveryContext delivery(String event, String action) {
    return new DeliveryContext(UUID.randomUUID().toString(), INSTALLATION, event, action, Instant.now(), 1);
  }

  @Override
  public void close() throws Exception {
    git.close();
    db.close();
  }
}
