package dev.acs.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real build logs in src/test/resources/logs (see the README there for how each was made). */
final class TestLogs {
  private TestLogs() {}

  static Path dir() {
    try {
      return Path.of(TestLogs.class.getResource("/logs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path path(String name) {
    return dir().resolve(name);
  }

  static String read(String name) {
    try {
      return Files.readString(path(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared java-tasks folder, found the way surefire tells tests (acs.shared.dir). */
  static Path javaTasks() {
    return dev.acs.testing.SharedFolder.require("java-tasks");
  }
}
