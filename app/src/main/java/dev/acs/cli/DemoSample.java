package dev.acs.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The small repository {@code acs demo} works on: a greeter, its plain-Java tests, a CI script. */
final class DemoSample {
  static final String REPO = "acs-demo/greeter";

  static final String ACS_YML = """
      # ACS settings for this repository (read from the default branch only).
      label: autocode
      max_attempts: 3
      test_command: sh ci.sh
      budget: {max_steps: 20, max_usd: 1.00}
      """;

  static final String GREETER = """
      package demo;

      /** Greets people. */
      public class Greeter {
        public String greet(String name) {
          return "Hello " + name;
        }
      }
      """;

  static final String GREETER_TEST = """
      package demo;

      import java.util.function.BooleanSupplier;

      /** The sample's tests, in plain Java so that ci.sh needs nothing but a JDK. */
      public final class GreeterTest {
        private static int run;
        private static int failed;

        public static void main(String[] args) {
          check("greetsByName", () -> new Greeter().greet("Ada").contains("Ada"));
          System.out.println("Tests run: " + run + ", Failures: " + failed);
          if (failed > 0) {
            System.exit(1);
          }
        }

        // Failures are reported the way Gradle prints a failing JUnit test.
        private static void check(String name, BooleanSupplier test) {
          run++;
          try {
            if (!test.getAsBoolean()) {
              failed++;
              System.out.println("demo.GreeterTest > " + name + "() FAILED");
              System.out.println("    the greeting is not the expected one");
            }
          } catch (RuntimeException e) {
            failed++;
            System.out.println("demo.GreeterTest > " + name + "() FAILED");
            System.out.println("    " + e);
            for (StackTraceElement frame : e.getStackTrace()) {
              System.out.println("        at " + frame);
            }
          }
        }
      }
      """;

  static final String CI = """
      #!/bin/sh
      # The sample's CI: compile and run the tests with the JDK in JAVA_HOME (or on PATH).
      set -e
      bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
      rm -rf build
      "${bin}javac" -d build src/main/java/demo/*.java src/test/java/demo/*.java
      "${bin}java" -cp build demo.GreeterTest
      """;

  static final String README = """
      # greeter

      The sample repository of `acs demo`. Run its tests with `sh ci.sh` (needs a JDK).
      """;

  private DemoSample() {}

  static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("README.md", README);
    files.put(".gitignore", "build/\n");
    files.put("ci.sh", CI);
    files.put(".github/acs.yml", ACS_YML);
    files.put("src/main/java/demo/Greeter.java", GREETER);
    files.put("src/test/java/demo/GreeterTest.java", GREETER_TEST);
    return files;
  }
}
