package dev.acs.web.login;

/**
 * What {@code /} says when the pages are off because GitHub login is not configured: which
 * settings turn them on, and where they come from.
 */
public final class PagesOff {
  private PagesOff() {}

  /** Plain text, for a terminal or a {@code text/plain} answer. */
  public static String text() {
    return """
        ACS is running. Its web pages (task list, task pages, API) are off because GitHub login is not configured.
        To turn them on, set all three:
          %s      the App's client id (GitHub: the App's settings → General → Client ID)
          %s  a client secret generated on the same page
          %s            the address people reach ACS at, e.g. https://acs.example.com
        and add %s as a callback URL in the App's settings (General → Callback URL). Then restart acs serve.
        Optional: %s (comma-separated GitHub logins who see every repository). See docs/dashboard.md.
        """.formatted(LoginSettings.CLIENT_ID_VAR, LoginSettings.CLIENT_SECRET_VAR, LoginSettings.PUBLIC_URL_VAR,
            "ACS_PUBLIC_URL" + LoginSettings.CALLBACK_PATH, LoginSettings.ADMINS_VAR);
  }

  /** The same as a small HTML page (no outside resources). */
  public static String html() {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ACS: web pages are off</title></head>
        <body style="font-family: sans-serif; max-width: 44em; margin: 3em auto; line-height: 1.5">
        <main>
        <h1>ACS is running; its web pages are off</h1>
        <p>The task list, task pages and API need GitHub login, which is not configured. To turn them on, set all three
        environment variables and restart <code>acs serve</code>:</p>
        <dl>
          <dt><code>%s</code></dt><dd>the App's client id (on GitHub: the App's settings → General → Client ID)</dd>
          <dt><code>%s</code></dt><dd>a client secret generated on the same page</dd>
          <dt><code>%s</code></dt><dd>the address people reach ACS at, e.g. <code>https://acs.example.com</code></dd>
        </dl>
        <p>Add <code>&lt;ACS_PUBLIC_URL&gt;%s</code> as a callback URL in the same settings. Optionally list GitHub logins
        that see every repository in <code>%s</code>. Details: <code>docs/dashboard.md</code>.</p>
        </main>
        </body></html>
        """.formatted(LoginSettings.CLIENT_ID_VAR, LoginSettings.CLIENT_SECRET_VAR, LoginSettings.PUBLIC_URL_VAR,
            LoginSettings.CALLBACK_PATH, LoginSettings.ADMINS_VAR);
  }
}
