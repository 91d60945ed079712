package dev.acs.cli;

import dev.acs.agent.Budget;
import dev.acs.agent.Transcript;
import dev.acs.config.Env;
import dev.acs.github.GitHubOAuth;
import dev.acs.policy.PolicyDecisionLog;
import dev.acs.task.Database;
import dev.acs.task.TaskListing;
import dev.acs.task.TaskStore;
import dev.acs.web.TaskActions;
import dev.acs.web.TaskPages;
import dev.acs.web.TaskViews;
import dev.acs.web.Visitors;
import dev.acs.web.login.GitHubVisitors;
import dev.acs.web.login.LoginSettings;
import io.javalin.Javalin;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The web pages and API of {@code acs serve} (issue 12): with {@link Visitors} (a login is
 * configured), the task pages and {@code /api/v1}; without, {@code /} says how to turn them on.
 */
final class WebWiring {
  private WebWiring() {}

  static Consumer<Javalin> routes(AcsApp.Parts parts, Optional<AcsApp.TaskSide> side, Optional<Visitors> given) {
    Optional<Visitors> visitors = given.or(() -> GitHubVisitors.fromEnv(parts.env(), parts.database().dataSource()));
    if (visitors.isEmpty()) {
      return TaskPages::addPagesOff;
    }
    // The buttons act through the same services, queue and gate as the /acs commands (none without the App's identity).
    Optional<TaskActions> actions = side.map(s -> new TaskActions(s.services(), s.start(), s.queue()));
    return new TaskPages(visitors.get(), views(parts.env(), parts.database()), actions)::addRoutes;
  }

  static TaskViews views(Env env, Database db) {
    return new TaskViews(new TaskStore(db.dataSource()), new TaskListing(db.dataSource()), new PolicyDecisionLog(db.dataSource()),
        Transcript.directory(env), Budget.fromEnv(env), env.get(LoginSettings.GITHUB_URL_VAR, GitHubOAuth.DEFAULT_WEB_URL));
  }
}
