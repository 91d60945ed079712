package dev.acs.cli;

import dev.acs.config.Env;
import dev.acs.github.AppManifests;
import dev.acs.github.GitHubApps;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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

  @Option(names = "--name", paramLabel = "NAME", description = "The App's name on GitHub (unique across GitHub; default: ${DEFAULT-VALUE}).")
  String name = "ACS";

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
    String apiUrl = GitHubApps.apiUrl(Env.system());
    AppSetup.Settings settings = new AppSetup.Settings(name, webhookUrl, organization, githubUrl, apiUrl, envFile, port);
    try (AppSetup setup = AppSetup.start(settings)) {
      System.out.println("Open " + setup.url() + " in a browser on this machine and follow the button to GitHub.");
      System.out.println("Waiting for GitHub's redirect (Ctrl-C to give up)...");
      AppManifests.CreatedApp app = setup.created().get();
      System.out.println("Created the GitHub App " + app.slug() + " (id " + app.id() + "); settings written to " + envFile.toAbsolutePath() + " (mode 0600).");
      System.out.println("Install it: " + app.htmlUrl() + "/installations/new");
      System.out.println("Then: set -a; . " + envFile + "; set +a; java -jar acs.jar serve");
      return 0;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
