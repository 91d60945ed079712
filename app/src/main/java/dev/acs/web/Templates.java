package dev.acs.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The jte templates of {@code src/main/jte}, compiled to classes at build time (jte-maven-plugin):
 * the jar carries no template compiler and renders without a warm-up. The headers (policy,
 * caching) come from {@link SecurityHeaders}.
 */
public final class Templates {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Templates() {}

  static String render(String name, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    ENGINE.render(name, params, out);
    return out.toString();
  }

  static void page(Context ctx, int status, String name, Map<String, Object> params) {
    ctx.status(status)
        .contentType("text/html; charset=utf-8")
        .result(render(name, params));
  }

  static void message(Context ctx, int status, String title, String login, String text) {
    message(ctx, status, title, login, text, null, null);
  }

  /** A message to a signed-in viewer: the header offers "Log out" (a form with {@code csrf}) where {@code logout} is not null. */
  static void message(Context ctx, int status, String title, String login, String text, String csrf, String logout) {
    java.util.HashMap<String, Object> params = new java.util.HashMap<>();
    params.put("title", title);
    params.put("login", login);
    params.put("text", text);
    params.put("csrf", csrf);
    params.put("logout", logout);
    page(ctx, status, "message.jte", params);
  }

  /**
   * A page of the login itself (an error on the way back from GitHub, "logged out"), in the site's
   * layout, with one link onwards instead of "Back to the tasks".
   */
  public static void loginMessage(Context ctx, int status, String title, String text, String linkHref, String linkText) {
    java.util.HashMap<String, Object> params = new java.util.HashMap<>();
    params.put("title", title);
    params.put("login", null);
    params.put("text", text);
    params.put("linkHref", linkHref);
    params.put("linkText", linkText);
    page(ctx, status, "message.jte", params);
  }
}
