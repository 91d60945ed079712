package dev.acs.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Visitors for tests of the pages: {@code Authorization: Bearer <token>} names one of the people
 * given, each with the repositories they can read; anything else is unidentified. The GitHub
 * side of who can read what is the login's (dev.acs.web.login, with its own tests); here it is a table.
 */
public final class TestVisitors implements Visitors {
  static final String LOGIN_PATH = "/login";

  public record Person(String login, boolean admin, Set<String> readable, String csrfToken) implements Viewer {
    @Override
    public boolean canRead(String repositoryFullName) {
      return admin || readable.contains(repositoryFullName);
    }
  }

  private final Map<String, Person> byToken;

  public TestVisitors(Map<String, Person> byToken) {
    this.byToken = Map.copyOf(byToken);
  }

  @Override
  public Optional<Viewer> identify(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return Optional.empty();
    }
    return Optional.ofNullable(byToken.get(header.substring("Bearer ".length())));
  }

  @Override
  public Optional<String> loginPath() {
    return Optional.of(LOGIN_PATH);
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(LOGIN_PATH, ctx -> ctx.result("the login page"));
  }
}
