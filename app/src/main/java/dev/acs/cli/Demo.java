package dev.acs.cli;

import dev.acs.checks.FailureExtractor;
import dev.acs.checks.FailureReport;
import dev.acs.checks.TestCommandRunner;
import dev.acs.config.Env;
import dev.acs.github.CommentMarker;
import dev.acs.github.InMemoryRepoGitHub;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.InlineTaskQueue;
import dev.acs.pipeline.Requester;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskPipeline;
import dev.acs.pipeline.TaskRepairs;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.Database;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.web.LoopbackServer;
import dev.acs.web.LoopbackVisitors;
import dev.acs.web.TaskActions;
import dev.acs.web.TaskPages;
import dev.acs.workspace.BotIdentity;
import dev.acs.workspace.LocalRemotes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The offline walk-through behind {@code acs demo}: a sample repository in a local bare
 * repository, GitHub played by {@link InMemoryRepoGitHub}, a scripted model (replay files bundled
 * in the jar), and the real pipeline, policy guardrails and PMD in between. It tells what happens
 * as it happens and ends with a summary and the paths to look at.
 */
final class Demo {
  static final String YOU = "you";
  static final String SCRIPTS = "/dev/acs/demo/";

  private final Path dir;
  private final PrintStream out;
  private final List<String[]> summary = new ArrayList<>();
  private Database db;
  private InMemoryRepoGitHub github;
  private URI remote;
  private Path bare;
  private boolean keepDatabase;

  Demo(Path dir, PrintStream out) {
    this.dir = dir.toAbsolutePath().normalize();
    this.out = out;
  }

  /** Runs the walk-through; returns 0 when every step did what the demo shows. */
  int run() throws IOException {
    long started = System.nanoTime();
    try {
      setUp();
      Task task = labeledIssue();
      int exit = 0;
      if (task.state() != TaskState.PR_OPEN) {
        say("✗ the first task ended " + task.state() + ": " + task.lastFailure());
        exit = 1;
      } else {
        Check ci = continuousIntegration(task);
        repair(task, ci);
      }
      if (!policyDeny()) {
        exit = 1;
      }
      finish(task, Duration.ofNanos(System.nanoTime() - started));
      return exit;
    } finally {
      if (db != null && !keepDatabase) {
        db.close();
      }
    }
  }

  /** {@code --serve}: the database stays open after {@link #run()} for {@link #serve}. */
  Demo keepDatabase() {
    this.keepDatabase = true;
    return this;
  }

  /**
   * The task pages over the demo's tasks on a loopback address, no login (the visitor is {@value
   * #YOU}, who has write access in the stand-in GitHub, so the buttons work). Closing the server
   * closes the database.
   */
  LoopbackServer serve(String bind, int port) {
    TaskServices services = services("greet-politely.json");
    InlineTaskQueue queue = new InlineTaskQueue(new TaskPipeline(services));
    TaskPages pages = new TaskPages(new LoopbackVisitors(YOU), WebWiring.views(env(), db),
        Optional.of(new TaskActions(services, new StartTask(services, queue), queue)));
    LoopbackServer server = LoopbackServer.start(bind, port, pages);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      db.close();
    }, "demo-serve-stop"));
    return server;
  }

  private void setUp() throws IOException {
    heading("Setting up (offline, no credentials)");
    Files.createDirectories(dir);
    bare = dir.resolve("github").resolve(DemoSample.REPO + ".git");
    remote = LocalRemotes.createBare(bare, DemoSample.files(), new BotIdentity("Octo Cat", "octocat@example.com"), "Greeter sample");
    github = new InMemoryRepoGitHub(new RepoGitHub.RepoInfo(DemoSample.REPO, false, false, "main", remote.toString()), InMemoryRepoGitHub.DEFAULT_BOT);
    github.setPermission(YOU, "write");
    github.putFile("main", ".github/acs.yml", DemoSample.ACS_YML);
    db = Database.inMemory("acs-demo-" + UUID.randomUUID());
    for (String script : List.of("greet-politely.json", "greet-politely-repair.json", "deploy-key.json")) {
      copyScript(script);
    }
    say("sample repository " + DemoSample.REPO + " (Greeter.java, GreeterTest.java, ci.sh) as a bare git repository: " + bare);
    say("GitHub: an in-memory stand-in; model: scripted replays in " + dir.resolve("scripts"));
    say("policy: ACS's built-in guardrails with the default policy data; static analysis: PMD");
  }

  private TaskServices services(String script) {
    return TaskWiring.services(env(script), db, (installation, repo) -> github, false);
  }

  private Env env() {
    return env("greet-politely.json");
  }

  private Env env(String script) {
    Map<String, String> vars = new HashMap<>();
    vars.put("ACS_MODEL", "replay:" + dir.resolve("scripts").resolve(script));
    vars.put("ACS_WORK_DIR", dir.resolve("work").toString());
    vars.put("ACS_TRANSCRIPT_DIR", dir.resolve("transcripts").toString());
    vars.put("ACS_GIT_URL", dir.resolve("github").toUri().toString());
    return new Env(vars);
  }

  private Task labeledIssue() {
    heading("1. You label an issue `autocode`");
    String title = "Greet people politely";
    String body = "`greet(\"Ada\")` should say `Hello, Ada!`. Nobody should get a crash for a missing name: "
        + "greet them as `stranger`.";
    int issue = github.addIssue(title, body, YOU, "autocode");
    say("#" + issue + " \"" + title + "\" by @" + YOU + ": " + body);
    TaskServices services = services("greet-politely.json");
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));
    Task started = start.start(github, null, issue, title, new Requester(YOU, "User", null, "issues", "labeled", null, false), true);
    if (started == null) {
      throw new IllegalStateException("the demo's task did not start; see the comments on #" + issue);
    }
    Task task = services.tasks().find(started.id()).orElseThrow();

    heading("2. ACS posts its plan on the issue");
    // The demo runs the whole task before it shows anything: show the plan as posted, without the
    // status lines ACS added later ("Implemented in #2"); step 3 tells of them.
    java.util.Optional<String> plan = comment(issue, "plan");
    plan.map(Demo::withoutStatusLines).ifPresent(this::quote);
    summary.add(new String[] {"plan", "posted on #" + issue});

    heading("3. ACS pushes a branch and opens a draft pull request");
    if (task.prNumber() == null) {
      say("no pull request: " + task.lastFailure());
      summary.add(new String[] {"pull request", "none: " + task.lastFailure()});
      return task;
    }
    RepoGitHub.PullRequestInfo pr = github.pullRequest(task.prNumber()).orElseThrow();
    say("branch " + pr.headRef() + ", commit " + shortSha(task.headSha()));
    for (LocalRemotes.Commit c : LocalRemotes.log(bare, pr.headRef(), 1)) {
      say("  " + c.shortSha() + " " + c.subject() + " (by " + c.author() + ")");
    }
    say("draft pull request #" + pr.number() + " \"" + title + "\" → main:");
    quote(pr.body(), 200); // whole: its validation, policy and cost parts are the point
    if (pr.body().contains("Closes #" + issue)) {
      say("the pull request says \"Closes #" + issue + "\", so merging it closes the issue");
    }
    RepoGitHub.CheckRunInfo check = github.checkRun(task.checkRunId());
    say("check run \"" + check.name() + "\" on " + shortSha(check.headSha()) + ": " + check.conclusion() + " — " + check.outputTitle());
    say("  (ACS's own check: its plan, policy gate and checks passed. The repository's CI reports on the same");
    say("  commit separately, and that is what ACS watches next.)");
    plan.map(p -> p.lines().filter(Demo::isStatusLine).reduce((a, b) -> b).orElse(null))
        .ifPresent(status -> say("the plan comment on #" + issue + " now ends: " + status.strip()));
    summary.add(new String[] {"pull request", "#" + pr.number() + " (draft) from " + pr.headRef()});
    return task;
  }

  /** What the stand-in CI found on a commit. */
  record Check(String sha, boolean ran, boolean passed, FailureReport report) {}

  private Check continuousIntegration(Task task) {
    heading("4. CI runs the tests on the pull request (here: ci.sh, in a fresh clone)");
    Check ci = runTests(task.branch(), "ci-" + shortSha(task.headSha()));
    if (!ci.ran()) {
      summary.add(new String[] {"failing check", "skipped: the demo's CI needs a JDK (javac)"});
      return ci;
    }
    if (ci.passed()) {
      say("the tests pass");
      summary.add(new String[] {"failing check", "none: the tests passed"});
      return ci;
    }
    say("✗ the tests fail; what ACS reads from the log (`acs explain-failure`):");
    say("  kind: " + ci.report().kind() + "; failing tests: " + ci.report().failingTestNames());
    quote(ci.report().excerpt());
    github.addCheckRun("demo-ci", "test", ci.sha(),
        RepoGitHub.CheckRunUpdate.completed("failure", "GreeterTest failed", ci.report().excerpt(), null, List.of()));
    summary.add(new String[] {"failing check", "demo-ci/test on " + shortSha(ci.sha()) + ": " + ci.report().failingTestNames()});
    return ci;
  }

  /** The repair job on the failing check, then the stand-in CI again on the new commit. */
  private void repair(Task task, Check ci) {
    heading("5. ACS repairs the pull request");
    if (!ci.ran() || ci.passed()) {
      say("nothing to repair");
      summary.add(new String[] {"repair", "not needed"});
      return;
    }
    TaskServices services = services("greet-politely-repair.json");
    int pr = task.prNumber();
    new TaskRepairs(services).repairChecks(task.id(), pr, ci.sha());
    Task after = services.tasks().find(task.id()).orElseThrow();
    comment(pr, "repair").ifPresent(this::quote);
    if (after.headSha() == null || after.headSha().equals(ci.sha())) {
      say("✗ no repair commit: " + after.state() + (after.lastFailure() == null ? "" : ", " + after.lastFailure()));
      summary.add(new String[] {"repair", "✗ none (" + after.state() + ")"});
      return;
    }
    for (LocalRemotes.Commit c : LocalRemotes.log(bare, after.branch(), 1)) {
      say("repair commit " + c.shortSha() + " " + c.subject() + " (by " + c.author() + ")");
    }
    heading("6. CI runs again on the repair commit");
    Check again = runTests(after.branch(), "ci-" + shortSha(after.headSha()));
    if (!again.passed()) {
      say("✗ the tests still fail");
      summary.add(new String[] {"repair", "commit " + shortSha(after.headSha()) + ", but the tests still fail"});
      return;
    }
    say("the tests pass");
    github.addCheckRun("demo-ci", "test", again.sha(),
        RepoGitHub.CheckRunUpdate.completed("success", "GreeterTest passed", "Tests run: 3, Failures: 0", null, List.of()));
    new TaskRepairs(services).markReady(task.id(), pr, again.sha());
    boolean ready = github.pullRequest(pr).map(p -> !p.draft()).orElse(false);
    say(ready ? "all checks pass: ACS marked pull request #" + pr + " ready for review" : "pull request #" + pr + " stays a draft");
    summary.add(new String[] {"repair", "commit " + shortSha(after.headSha()) + " on " + after.branch() + "; tests pass"
        + (ready ? "; #" + pr + " ready for review" : "")});
  }

  private boolean policyDeny() {
    heading("7. A change the policy refuses");
    String title = "Let CI deploy to staging";
    int issue = github.addIssue(title, "CI needs a key to reach the staging server.", YOU, "autocode");
    say("#" + issue + " \"" + title + "\": the scripted model adds deploy/id_rsa");
    TaskServices services = services("deploy-key.json");
    StartTask start = new StartTask(services, new InlineTaskQueue(new TaskPipeline(services)));
    Task started = start.start(github, null, issue, title, new Requester(YOU, "User", null, "issues", "labeled", null, false), true);
    Task task = services.tasks().find(started.id()).orElseThrow();
    comment(issue, "policy-push").ifPresent(this::quote);
    boolean blocked = task.state() == TaskState.BLOCKED_BY_POLICY;
    boolean pushed = LocalRemotes.branches(bare).contains(task.branch());
    say(blocked && !pushed ? "task " + task.state() + "; nothing was pushed (no branch " + task.branch() + " on the remote)"
        : "✗ expected a policy deny, got " + task.state());
    summary.add(new String[] {"policy deny", blocked ? "#" + issue + ": push of deploy/id_rsa denied, nothing pushed" : "✗ " + task.state()});
    return blocked && !pushed;
  }

  private void finish(Task task, Duration took) throws IOException {
    heading("Summary");
    Path checkout = dir.resolve("greeter");
    if (task.branch() != null && LocalRemotes.branches(bare).contains(task.branch()) && !Files.exists(checkout)) {
      LocalRemotes.cloneBranch(remote, task.branch(), checkout);
    }
    int width = summary.stream().mapToInt(r -> r[0].length()).max().orElse(10);
    for (String[] row : summary) {
      say(String.format("%-" + width + "s  %s", row[0], row[1]));
    }
    say("");
    say("took " + took.toMillis() / 1000.0 + " s. Look around:");
    say("  cd " + checkout + " && git log --stat        # ACS's branch, cloned for you");
    say("  " + bare + "          # the stand-in GitHub repository (bare)");
    say("  " + dir.resolve("transcripts") + "        # what the model was told and did; try `acs replay FILE --repo DIR`");
  }

  private Check runTests(String branch, String folder) {
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    if (!Files.isExecutable(javac)) {
      say("skipped: this Java (" + System.getProperty("java.home") + ") has no javac; run the demo with a JDK to see CI");
      return new Check(null, false, false, null);
    }
    Path clone = LocalRemotes.cloneBranch(remote, branch, dir.resolve(folder));
    String sha = LocalRemotes.log(clone.resolve(".git"), branch, 1).get(0).sha();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    TestCommandRunner.Result r = new TestCommandRunner(Duration.ofMinutes(2), 1 << 20, env).runShell(clone, "sh ci.sh");
    say("$ sh ci.sh   (in " + clone + ", commit " + shortSha(sha) + ")");
    quote(r.output());
    return new Check(sha, true, r.passed(), r.passed() ? null : FailureExtractor.forCheckout(clone).extract(r.output()));
  }

  /** ACS's comment with this marker key on the issue, without the hidden marker. */
  private java.util.Optional<String> comment(int issue, String key) {
    return github.comments(issue).stream().map(InMemoryRepoGitHub.Comment::body)
        .filter(b -> CommentMarker.carries(b, key))
        .reduce((a, b) -> b)
        .map(b -> b.replace(CommentMarker.of(key), "").strip());
  }

  private void copyScript(String name) throws IOException {
    Path target = dir.resolve("scripts").resolve(name);
    Files.createDirectories(target.getParent());
    try (InputStream in = Demo.class.getResourceAsStream(SCRIPTS + name)) {
      if (in == null) {
        throw new IOException("the demo script " + name + " is missing from the jar");
      }
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void heading(String text) {
    out.println();
    out.println("== " + text);
  }

  private void say(String text) {
    out.println(text);
  }

  private void quote(String text) {
    quote(text, 24);
  }

  /** A status line ACS appends to its plan comment as the task goes on. */
  static boolean isStatusLine(String line) {
    String s = line.strip();
    return s.startsWith("✅") || s.startsWith("❌") || s.startsWith("⛔") || s.startsWith("⏳") || s.startsWith("🛑")
        || s.startsWith("🏁") || s.startsWith("⏹") || s.startsWith("⏸") || s.startsWith("_A step is ticked when");
  }

  /** The plan comment as first posted: steps not yet ticked, without the status lines added later. */
  static String withoutStatusLines(String comment) {
    String kept = String.join("\n", comment.lines().filter(l -> !isStatusLine(l)).map(l -> l.replaceFirst("^(\\s*)- \\[x\\] ", "$1- [ ] ")).toList()).strip();
    return kept.endsWith("---") ? kept.substring(0, kept.length() - 3).strip() : kept; // the rule above the progress line
  }

  private void quote(String text, int maxLines) {
    String[] lines = text.strip().split("\n");
    int shown = Math.min(lines.length, maxLines);
    for (int i = 0; i < shown; i++) {
      out.println("  │ " + lines[i]);
    }
    if (lines.length > shown) {
      out.println("  │ … (" + (lines.length - shown) + " more lines)");
    }
  }

  private static String shortSha(String sha) {
    return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
  }
}
