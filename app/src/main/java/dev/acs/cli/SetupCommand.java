package dev.acs.cli;

import dev.acs.config.Env;
import dev.acs.github.AppManifests;
import dev.acs.github.GitHubApps;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acs setup}: creates ACS's GitHub App through GitHub's manifest flow (see {@link AppSetup}). */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Create ACS's GitHub App in one click and write its .env file.",
      "Open the printed local page in a browser, confirm on GitHub, and the App's id, private key and webhook"
          + " secret land in a .env file (mode 0600). See docs/installation.md."
    })
public final class SetupCommand implements Callable<Integer> {
  @Option(names = "--webhook-url", required = true, paramLabel = "URL",
      description = "Where GitHub will send webhooks: the public URL of acs serve's POST /webhooks, e.g. https://acs.example.com/webhooks.")
  String webhookUrl;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The App's name on GitHub, unique across all of GitHub (default: ACS and the --org or the webhook's host).")
  String name;

  @Option(names = "--allow-local", description = "Accept a webhook URL GitHub cannot reach (localhost, a private address): for a tunnel or a GitHub Enterprise on your network.")
  boolean allowLocal;

  @Option(names = "--timeout", paramLabel = "MINUTES", description = "Give up when GitHub has not redirected back within this time (default: ${DEFAULT-VALUE}).")
  int timeoutMinutes = 15;

  @Option(names = "--org", paramLabel = "ORG", description = "Create the App in this organisation instead of your account.")
  String organization;

  @Option(names = "--env-file", paramLabel = "FILE", description = "Where to write the App's settings (default: ${DEFAULT-VALUE}).")
  Path envFile = Path.of(".env");

  @Option(names = "--port", paramLabel = "PORT", description = "Port of the local setup page on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port = 3001;

  @Option(names = "--github-url", paramLabel = "URL", description = "GitHub's web address (GitHub Enterprise: your server; default: ${DEFAULT-VALUE}).")
  String githubUrl = "https://github.com";

  @Override
  public Integer call() throws InterruptedException {
    URI hook;
    try {
      hook = URI.create(webhookUrl);
    } catch (IllegalArgumentException e) {
      throw new UserError("--webhook-url is not a URL: " + webhookUrl);
    }
    if (!"https".equals(hook.getScheme()) && !"http".equals(hook.getScheme()) || hook.getHost() == null) {
      throw new UserError("--webhook-url must be an http(s) URL that GitHub can reach, got " + webhookUrl);
    }
    if (!allowLocal) {
      WebhookUrlCheck.unreachableFromGitHub(hook).ifPresent(why -> {
        throw new UserError("--webhook-url " + webhookUrl + ": GitHub cannot deliver webhooks there (" + why + "). Give the public URL of"
            + " acs serve's POST /webhooks (behind a reverse proxy or a tunnel), or add --allow-local for a GitHub on your network");
      });
    }
    if (timeoutMinutes < 1) {
      throw new UserError("--timeout must be at least 1 minute, got " + timeoutMinutes);
    }
    String appName = name != null && !name.isBlank() ? name.strip() : WebhookUrlCheck.suggestedName(organization, hook);
    String apiUrl = GitHubApps.apiUrl(Env.system());
    AppSetup.Settings settings = new AppSetup.Settings(appName, webhookUrl, organization, githubUrl, apiUrl, envFile, port);
    try (AppSetup setup = AppSetup.start(settings)) {
      PrintStream out = System.out;
      out.println("1. Open " + setup.url() + " in a browser and follow the button to GitHub, where you confirm the App \"" + appName + "\".");
      out.println("   On a server without a browser: from your own computer run");
      out.println("     ssh -N -L " + setup.port() + ":127.0.0.1:" + setup.port() + " " + sshTarget());
      out.println("   and open " + setup.url() + " there (the page and GitHub's redirect both go through the tunnel).");
      out.println("   App names are unique across GitHub: if GitHub says the name is taken, run acs setup again with --name.");
      out.println("2. Waiting up to " + timeoutMinutes + " min for GitHub's redirect (Ctrl-C to give up)...");
      AppManifests.CreatedApp app;
      try {
        app = setup.created().get(timeoutMinutes, TimeUnit.MINUTES);
      } catch (TimeoutException e) {
        throw new UserError("no redirect from GitHub within " + timeoutMinutes + " min; nothing was created or written. Run acs setup"
            + " again (--timeout MINUTES for longer); see the hints above for a server without a browser");
      }
      out.println("Created the GitHub App " + app.slug() + " (id " + app.id() + "); settings written to " + envFile.toAbsolutePath() + " (mode 0600).");
      out.println("Install it: " + app.htmlUrl() + "/installations/new");
      out.println("Then: set -a; . " + envFile + "; set +a; java -jar acs.jar serve");
      return 0;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** user@host for the SSH hint: this machine as the person would reach it. */
  private static String sshTarget() {
    String user = System.getProperty("user.name", "you");
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "this-server";
    }
    return user + "@" + host;
  }
}
