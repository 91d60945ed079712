package dev.acs.pipeline;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.task.Task;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Links to a task's page ({@code ACS_PUBLIC_URL + /tasks/<id>}) for the plan comment, the ACS
 * check run ({@code details_url}) and the pull request body. Without {@code ACS_PUBLIC_URL}
 * there are no links: nothing points at pages nobody can open.
 */
public record TaskLinks(Optional<String> publicUrl) {
  public static final TaskLinks NONE = new TaskLinks(Optional.empty());

  /** @throws ConfigException when {@code ACS_PUBLIC_URL} is set but not an http(s) URL */
  public static TaskLinks fromEnv(Env env) {
    return env.get("ACS_PUBLIC_URL").filter(s -> !s.isBlank()).map(TaskLinks::of).orElse(NONE);
  }

  static TaskLinks of(String url) {
    String u = url.strip();
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getQuery() != null || uri.getFragment() != null) {
      throw new ConfigException("ACS_PUBLIC_URL must be where people reach this server, such as https://acs.example.com, got '" + u + "'");
    }
    return new TaskLinks(Optional.of(u.endsWith("/") ? u.substring(0, u.length() - 1) : u));
  }

  /** {@code <ACS_PUBLIC_URL>/tasks/<id>}, when the public URL is set. */
  public Optional<String> taskPage(String taskId) {
    return publicUrl.map(base -> base + "/tasks/" + taskId);
  }

  /**
   * {@code markdown} with one line linking the task page appended, or unchanged without a public
   * URL. One separate line, so whatever writes the text above it stays its own.
   */
  public String appendTo(String markdown, Task task) {
    return taskPage(task.id()).map(url -> markdown + "\n\n[Follow this task on ACS](" + url + ")").orElse(markdown);
  }
}
