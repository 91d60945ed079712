package dev.acs.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The jte templates of {@code src/main/jte}, compiled to classes at build time (jte-maven-plugin):
 * the jar carries no template compiler and renders without a warm-up.
 */
final class Templates {
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
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
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
}
