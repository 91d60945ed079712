package dev.acs.checks;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the file names a build prints into paths relative to the repository root, the form
 * check-run annotations and the workspace need. Rules, first match wins:
 *
 * <ol>
 *   <li>A relative path stays as printed (minus a leading {@code ./}).
 *   <li>An absolute path under the known repository root (the working directory ACS ran the build
 *       in, or {@code --repo-root}) loses that prefix.
 *   <li>An absolute path in a GitHub-hosted runner's workspace ({@code /home/runner/work/R/R/},
 *       {@code /Users/runner/work/R/R/}, {@code D:\a\R\R\}, or {@code /__w/R/R/} in container
 *       jobs) loses the workspace prefix.
 *   <li>With a checkout on disk, the longest tail of the path that exists in it wins. This keeps
 *       the module directory of a multi-module build ({@code gson/src/main/java/...}) for logs that
 *       were produced elsewhere.
 *   <li>Otherwise the path is cut at its source root: from the last {@code src/main/} or
 *       {@code src/test/} segment, else from the first {@code src/} segment. In a multi-module
 *       build this drops the module directory; a known root avoids that.
 *   <li>An absolute path with no {@code src/} segment stays absolute: inventing a root would be
 *       worse than showing the path as the build printed it.
 * </ol>
 */
public final class RepoPaths {
  private static final Pattern RUNNER_WORKSPACE =
      Pattern.compile("^(?:/home/runner/work|/Users/runner/work|/__w|[A-Za-z]:/a)/([^/]+)/\\1/");
  private static final Pattern STANDARD_SOURCE_ROOT = Pattern.compile("(?:^|/)(src/(?:main|test)/.*)$");

  private final String root;
  private final Path checkout;

  private RepoPaths(Path checkout) {
    this.checkout = checkout;
    this.root = checkout == null ? null : slashes(checkout.toAbsolutePath().normalize().toString()) + "/";
  }

  /** Paths for a log whose repository is not on disk. */
  public static RepoPaths unknownRoot() {
    return new RepoPaths(null);
  }

  /** Paths for a log of a build of {@code checkout}, a directory holding the repository. */
  public static RepoPaths under(Path checkout) {
    return new RepoPaths(checkout);
  }

  public String relativize(String printed) {
    if (printed == null || printed.isBlank()) {
      return printed;
    }
    String p = slashes(printed.strip());
    if (p.startsWith("file://")) {
      p = p.substring("file://".length());
    }
    if (!isAbsolute(p)) {
      return p.startsWith("./") ? p.substring(2) : p;
    }
    if (root != null && p.startsWith(root)) {
      return p.substring(root.length());
    }
    Matcher runner = RUNNER_WORKSPACE.matcher(p);
    if (runner.find()) {
      return p.substring(runner.end());
    }
    Optional<String> existing = longestExistingTail(p);
    if (existing.isPresent()) {
      return existing.get();
    }
    Matcher standard = STANDARD_SOURCE_ROOT.matcher(p);
    String lastStandard = null;
    int from = 0;
    while (standard.find(from)) {
      lastStandard = standard.group(1);
      from = standard.start(1) + 1;
    }
    if (lastStandard != null) {
      return lastStandard;
    }
    int src = p.indexOf("/src/");
    return src >= 0 ? p.substring(src + 1) : p;
  }

  private Optional<String> longestExistingTail(String p) {
    if (checkout == null) {
      return Optional.empty();
    }
    String[] segments = p.replaceFirst("^[A-Za-z]:", "").split("/");
    for (int i = 1; i < segments.length; i++) {
      String tail = String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length));
      if (tail.isEmpty()) {
        continue;
      }
      try {
        Path candidate = checkout.resolve(tail).normalize();
        // normalize() could climb out with "..": only accept files inside the checkout.
        if (candidate.startsWith(checkout.normalize()) && Files.isRegularFile(candidate)) {
          return Optional.of(tail);
        }
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean isAbsolute(String p) {
    return p.startsWith("/") || p.matches("^[A-Za-z]:/.*");
  }

  private static String slashes(String p) {
    return p.replace('\\', '/');
  }
}
