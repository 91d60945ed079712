package dev.acs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code acs --version}: the version, commit and build time the build wrote into
 * {@code build.properties} (app/src/build/BuildInfo.java); "dev" when run from classes without it.
 */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    return new String[] {describe(Version.class.getResourceAsStream("build.properties"))};
  }

  static String describe(InputStream buildProperties) throws IOException {
    if (buildProperties == null) {
      return "acs dev (no build information: run from classes the build did not make)";
    }
    Properties p = new Properties();
    try (InputStream in = buildProperties) {
      p.load(in);
    }
    return "acs " + p.getProperty("version", "dev") + " (commit " + p.getProperty("commit", "unknown")
        + ", built " + p.getProperty("built", "unknown") + ")";
  }
}
