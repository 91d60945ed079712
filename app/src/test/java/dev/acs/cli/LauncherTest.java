package dev.acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The jar's Main-Class on a Java too old for ACS: one line naming the Java needed, no stack trace. */
class LauncherTest {
  /** An older Java to try the launcher with; the test skips where there is none. */
  static final Path OLD_JAVA = Path.of(System.getProperty("acs.test.oldJava", "/usr/bin/java"));

  @ParameterizedTest
  @CsvSource({"1.8, 8", "11, 11", "17, 17", "21, 21", "25, 25", "26-ea, 26", "'', 0"})
  void readsTheMajorVersion(String spec, int major) {
    assertThat(Launcher.major(spec)).isEqualTo(major);
  }

  @Test
  void namesTheJavaNeededOnlyWhenTooOld() {
    assertThat(Launcher.problem("17", "/usr/lib/jvm/java-17"))
        .startsWith("acs: ACS needs Java 21 or newer, but /usr/lib/jvm/java-17/bin/java is Java 17.")
        .contains("adoptium.net")
        .doesNotContain("\n");
    assertThat(Launcher.problem("21", "/x")).isNull();
    assertThat(Launcher.problem(System.getProperty("java.specification.version"), "/x")).isNull();
  }

  @Test
  void anOldJavaGetsOneLineInsteadOfUnsupportedClassVersionError() throws Exception {
    assumeTrue(Files.isExecutable(OLD_JAVA), "no " + OLD_JAVA + " on this machine");
    String version = run(List.of(OLD_JAVA.toString(), "-XshowSettings:properties", "-version"));
    assumeTrue(version.contains("java.specification.version = 1") && !version.contains("java.specification.version = 2"),
        OLD_JAVA + " is not older than Java 20");
    Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    // The classes the build just made (the jar is made after the tests), as `java -jar` would start them.
    Process p = new ProcessBuilder(OLD_JAVA.toString(), "-cp", classes.toString(), Launcher.class.getName(), "--version")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out.strip()).startsWith("acs: ACS needs Java 21 or newer").doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void theJarStartsTheLauncher() throws IOException {
    Path jar = Path.of("target", "acs.jar");
    assumeTrue(Files.isRegularFile(jar), "no " + jar.toAbsolutePath() + " (built after the tests)");
    // A jar left by an earlier build (before the launcher existed) says nothing about this one.
    Path launcher = Path.of("target", "classes", Launcher.class.getName().replace('.', '/') + ".class");
    assumeTrue(!Files.isRegularFile(launcher) || Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(launcher)) >= 0,
        jar.toAbsolutePath() + " is older than the classes just compiled");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Launcher.class.getName());
    }
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
