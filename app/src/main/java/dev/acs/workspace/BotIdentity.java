package dev.acs.workspace;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.util.Locale;

/**
 * Who ACS's commits are by. For a GitHub App this is its bot user: name {@code <slug>[bot]}, email
 * {@code <bot-user-id>+<slug>[bot]@users.noreply.github.com}, which GitHub links to the App's
 * avatar. The same identity tells ACS's own commits apart from a person's on a branch.
 */
public record BotIdentity(String name, String email) {
  public static final String DEFAULT_SLUG = "acs";

  public BotIdentity {
    if (name == null || name.isBlank() || email == null || email.isBlank()) {
      throw new IllegalArgumentException("commit identity needs a name and an email");
    }
    if ((name + email).chars().anyMatch(c -> c == '<' || c == '>' || c == '\n' || c == '\r' || c == 0)) {
      throw new IllegalArgumentException("commit identity must not contain '<', '>' or line breaks");
    }
  }

  /** The App's bot user; {@code botUserId} may be null when unknown (the email then has no id). */
  public static BotIdentity forApp(String appSlug, Long botUserId) {
    String login = appSlug + "[bot]";
    String email = (botUserId == null ? "" : botUserId + "+") + login + "@users.noreply.github.com";
    return new BotIdentity(login, email);
  }

  /**
   * {@code ACS_GIT_AUTHOR_NAME} / {@code ACS_GIT_AUTHOR_EMAIL} if set, else the App's bot user
   * from {@code ACS_APP_SLUG} (default acs) and {@code ACS_BOT_USER_ID}.
   */
  public static BotIdentity fromEnv(Env env) {
    String slug = env.get("ACS_APP_SLUG", DEFAULT_SLUG);
    Long userId = env.get("ACS_BOT_USER_ID").map(v -> parseId(v)).orElse(null);
    BotIdentity app = forApp(slug, userId);
    return new BotIdentity(env.get("ACS_GIT_AUTHOR_NAME", app.name()), env.get("ACS_GIT_AUTHOR_EMAIL", app.email()));
  }

  /** Git compares emails as given; GitHub treats them case-insensitively, and so do we. */
  public boolean hasEmail(String other) {
    return other != null && email.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
  }

  private static long parseId(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException("ACS_BOT_USER_ID must be the numeric id of the App's bot user, got '" + v + "'");
    }
  }
}
