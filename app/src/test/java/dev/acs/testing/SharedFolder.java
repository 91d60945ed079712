package dev.acs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's shared folder beside the checkout ({@code ../shared}: fixtures, java-tasks), as
 * surefire names it ({@code -Dacs.shared.dir}). A plain clone (GitHub's CI, a contributor) has
 * none: a test that needs it is then skipped with this message instead of failing, and every other
 * test still runs.
 */
public final class SharedFolder {
  private SharedFolder() {}

  /** True when {@code sub} is in the shared folder (for static values that must not throw). */
  public static boolean has(String sub) {
    return Files.exists(Path.of(System.getProperty("acs.shared.dir", "../shared")).resolve(sub));
  }

  /** {@code sub} inside the shared folder; aborts (skips) the calling test when it is not there. */
  public static Path require(String sub) {
    Path base = Path.of(System.getProperty("acs.shared.dir", "../shared"));
    Path path = base.resolve(sub);
    if (!Files.exists(path)) {
      Assumptions.abort("needs the project's shared folder: " + path.toAbsolutePath().normalize()
          + " is not there (a plain clone has no ../shared; -Dacs.shared.dir names it)");
    }
    return path;
  }
}
