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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the repository is built in the working tree (the Action), SpotBugs looks at the compiled
 * classes of the changed files: a high-priority bug the change adds reaches the model, the check
 * run's annotations and the policy input, like a PMD finding. Real parts as in TaskPipelineTest;
 * the test command is a real javac run.
 */
class BytecodeFindingsTest {
  static final String REPO = "octo/names";
  static final String TOKEN = "ghs_testInstallationToken0000000000000001";

  @TempDir Path tmp;
  GitHttpServer git;
  Database db;
  InMemoryRepoGitHub github;
  TaskStore tasks;

  @BeforeEach
  void setUp() throws Exception {
    git = GitHttpServer.start(tmp.resolve("server"), TOKEN);
    SampleRepository.seed(git, REPO, TOKEN, tmp, Map.of(
        "src/main/java/demo/Names.java",
        "package demo;\n\npublic class Names {\n  public boolean isAda(String name) {\n    return \"Ada\".equals(name);\n  }\n}\n",
        ".gitignore", "target/\n"));
    db = TestDatabases.h2();
    tasks = new TaskStore(db.dataSource());
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo(REPO, false, false, "main", git.url(REPO).toString()), "acs[bot]");
    github.setPushToken(TOKEN);
    github.setPermission("alice", "write");
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    github.putFile("main", ".github/acs.yml", "test_command: \"'" + javac + "' -g -d target/classes src/main/java/demo/*.java\"\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    git.close();
    db.close();
  }

  @Test
  void aBugTheChangeAddsIsFoundInTheBytecodeAndAnnotated() throws Exception {
    Path script = tmp.resolve("script.json");
    Files.writeString(script, """
        {"entries": [
          {"type": "assistant", "tool_calls": [{"name": "submit_plan", "arguments": {"summary": "Recognise number one",
            "steps": ["Add isNumberOne"], "files": ["src/main/java/demo/Names.java"], "risks": ["none"], "verification": "javac"}}]},
          {"type": "assistant", "tool_calls": [{"name": "edit_file", "arguments": {"path": "src/main/java/demo/Names.java",
            "search": "    return \\"Ada\\".equals(name);\\n  }\\n",
            "replace": "    return \\"Ada\\".equals(name);\\n  }\\n\\n  public boolean isNumberOne(String name) {\\n    return name.equals(Integer.valueOf(1));\\n  }\\n"}}]},
          {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Added isNumberOne"}}]},
          {"type": "assistant", "tool_calls": [{"name": "edit_file", "arguments": {"path": "src/main/java/demo/Names.java",
            "search": "public class Names {", "replace": "/** Names people are called by. */\\npublic class Names {"}}]},
          {"type": "assistant", "tool_calls": [{"name": "finish", "arguments": {"summary": "Documented the class"}}]}
        ]}
        """);
    Env env = new Env(Map.of("ACS_MODEL", "replay:" + script, "ACS_TRANSCRIPT_DIR", tmp.resolve("transcripts").toString()));
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BotIdentity.forApp("acs", 41898282L)));
    TaskServices services = new TaskServices(tasks, PolicyGates.fromEnv(new Env(Map.of()), List::of), "guardrails only", workspaces,
        (inst, repo) -> github, new Agents(env, PriceTable.bundled(), Optional.of("replay:" + script)), PmdCheck.withBundledRules(),
        "http://127.0.0.1:" + git.port(), true);
    int issue = github.addIssue("Recognise number one", "", "alice", "autocode");

    Task started = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)))
        .start(github, 1L, issue, "Recognise number one", new Requester("alice", "User", null, "issues", "labeled", null, false), true);

    Task task = tasks.find(started.id()).orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.PR_OPEN);
    // Found after the first round and handed back to the model once, as PMD findings are.
    assertThat(tasks.events(task.id())).anySatisfy(e -> assertThat(e.detail() == null ? "" : e.detail()).contains("EC_UNRELATED_TYPES"));
    RepoGitHub.CheckRunInfo check = github.checkRun(task.checkRunId());
    assertThat(check.conclusion()).isEqualTo("neutral");
    assertThat(github.annotations(task.checkRunId())).anySatisfy(a -> {
      assertThat(a.path()).isEqualTo("src/main/java/demo/Names.java");
      assertThat(a.startLine()).isEqualTo(10);
      assertThat(a.title() + " " + a.message()).contains("EC_UNRELATED_TYPES");
    });
  }
}
