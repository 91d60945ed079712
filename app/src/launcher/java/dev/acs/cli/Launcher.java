package dev.acs.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's Main-Class. Compiled for Java 8 (a build execution of its own, app/pom.xml) so that
 * an older {@code java} can load it and say which Java ACS needs, instead of dying with
 * {@code UnsupportedClassVersionError} on {@link Main}; on Java 21+ it hands over to {@link Main}.
 */
public final class Launcher {
  /** The Java ACS is compiled for ({@code maven.compiler.release}). */
  static final int NEEDED = 21;

  private Launcher() {}

  public static void main(String[] args) throws Throwable {
    String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
    if (problem != null) {
      System.err.println(problem);
      System.exit(1);
    }
    // Reflection, not a call: this class must load on a Java that cannot load Main.
    Method main = Class.forName("dev.acs.cli.Main").getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The one-line message for a Java too old to run ACS, or null when {@code specVersion} will do. */
  static String problem(String specVersion, String javaHome) {
    int major = major(specVersion);
    if (major >= NEEDED) {
      return null;
    }
    String java = javaHome == null ? "java" : javaHome + File.separator + "bin" + File.separator + "java";
    return "acs: ACS needs Java " + NEEDED + " or newer, but " + java + " is Java " + specVersion
        + ". Install a JDK " + NEEDED + "+ (e.g. apt-get install openjdk-" + NEEDED + "-jre-headless,"
        + " or https://adoptium.net) and run the jar with its java: /path/to/jdk-" + NEEDED + "/bin/java -jar acs.jar";
  }

  /** 8 for "1.8", 17 for "17", 0 when unreadable (then the message says which version was seen). */
  static int major(String specVersion) {
    if (specVersion == null) {
      return 0;
    }
    String s = specVersion.startsWith("1.") ? specVersion.substring(2) : specVersion;
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
  }
}
