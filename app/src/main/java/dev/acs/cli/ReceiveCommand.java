package dev.acs.cli;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.github.DryRunRepoGitHub;
import dev.acs.github.GitHubApps;
import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.GitHubAccess;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.Database;
import dev.acs.task.Task;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acs receive}: one webhook payload, handled as {@code acs serve} would handle its delivery
 * (same parser, same handlers), but at once and without a server. With {@code --dry-run} every
 * write to GitHub is printed instead of made and the git push is skipped; reads still go to GitHub.
 */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description = {
      "Process one webhook payload file as the App would, without a server.",
      "Acts as the App (GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY[_FILE], installation from the payload)"
          + " or with GITHUB_TOKEN. --dry-run prints the GitHub writes it would make and skips the git push."
    })
public final class ReceiveCommand implements Callable<Integer> {
  @Option(names = "--event", required = true, paramLabel = "NAME", description = "The X-GitHub-Event name: issues, issue_comment, workflow_run, ...")
  String event;

  @Option(names = "--payload", required = true, paramLabel = "FILE", description = "The delivery's JSON body.")
  Path payload;

  @Option(names = "--dry-run", description = "Print GitHub writes instead of making them; do not push; keep no state.")
  boolean dryRun;

  @Option(names = "--model", paramLabel = "SPEC", description = "The model (provider:model or replay:FILE); default ACS_MODEL.")
  String model;

  private final Env env;
  private final PrintStream out;

  public ReceiveCommand() {
    this(Env.system(), System.out);
  }

  ReceiveCommand(Env env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(payload)) {
      throw new UserError("--payload " + payload + " is not a file");
    }
    byte[] body = Files.readAllBytes(payload);
    boolean viaToken = env.get(GitHubApps.APP_ID_VAR).isEmpty();
    GitHubAccess github = gitHub(viaToken);
    if (dryRun) {
      github = dryRun(github, out);
    }
    try (Database db = dryRun ? Database.inMemory("acs-receive-" + UUID.randomUUID()) : Database.fromEnv(env)) {
      TaskServices base = TaskWiring.services(env, db, github, false);
      TaskServices services = new TaskServices(base.tasks(), base.gate(), base.policyDescription(), base.workspaces(), base.github(),
          base.agents().withModel(model), base.pmd(), base.gitBaseUrl(), base.runRepositoryChecks());
      if (dryRun) {
        out.println("dry run: GitHub writes are printed, not made; the git push is skipped; nothing is stored");
      }
      java.time.Instant started = java.time.Instant.now().minusSeconds(1);
      InlineEvents.Result r = InlineEvents.forTasks(services, viaToken)
          .dispatch(event, body, "receive-" + payload.getFileName());
      switch (r.outcome()) {
        case MALFORMED -> throw new UserError(payload + " is not a usable " + event + " payload: " + r.detail());
        case IGNORED -> out.println("ignored: " + r.detail());
        case HANDLED -> {
          out.println("handled " + r.detail());
          if (r.event() != null && r.event().repository() != null) {
            for (Task t : services.tasks().all()) {
              // Only the tasks this payload touched, not every task the database has for the repository.
              if (t.repoFullName().equalsIgnoreCase(r.event().repository().fullName()) && !t.updatedAt().isBefore(started)) {
                out.println("task " + t.id() + " (" + t.repoFullName() + "#" + t.issueNumber() + "): " + t.state()
                    + (t.prNumber() == null ? "" : ", pull request #" + t.prNumber())
                    + (t.lastFailure() == null ? "" : ", last failure: " + t.lastFailure()));
              }
            }
          }
        }
        default -> throw new IllegalStateException(r.outcome().name());
      }
      return 0;
    }
  }

  /** As the App (installation from the payload) when GITHUB_APP_ID is set, else with GITHUB_TOKEN. */
  private GitHubAccess gitHub(boolean viaToken) {
    if (!viaToken) {
      GitHubApps apps = GitHubApps.fromEnv(env);
      return (installation, repo) -> {
        if (installation == null) {
          throw new UserError("the payload has no installation: with GITHUB_APP_ID set, receive acts as the App and needs the payload's installation.id "
              + "(unset GITHUB_APP_ID and set GITHUB_TOKEN to act with a token instead)");
        }
        return apps.forInstallation(installation, repo);
      };
    }
    String token = env.get("GITHUB_TOKEN").orElseThrow(() -> new ConfigException(
        "receive acts on GitHub: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (or _FILE) to act as the App, or GITHUB_TOKEN to act with a token"));
    String api = GitHubApps.apiUrl(env);
    return (installation, repo) -> GitHubApps.forToken(token, repo, api, GitHubApps.waits(env));
  }

  /** One dry-run view per repository, so pretend pull requests are seen by later steps. */
  static GitHubAccess dryRun(GitHubAccess real, PrintStream out) {
    Map<String, RepoGitHub> views = new ConcurrentHashMap<>();
    return (installation, repo) -> views.computeIfAbsent(repo.toLowerCase(java.util.Locale.ROOT),
        r -> new DryRunRepoGitHub(real.forRepository(installation, repo), out));
  }
}
