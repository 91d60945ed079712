package dev.acs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SpotBugs as a library on classes compiled here from real sources, before and after a change. */
class SpotBugsCheckTest {
  static final String PATH = "src/main/java/demo/Names.java";

  static final String BEFORE = """
      package demo;

      public class Names {
        public boolean isAda(String name) {
          return "Ada".equals(name);
        }

        public int legacy() {
          String s = null;
          return s.length();
        }
      }
      """;

  // The change adds a comparison of a String with an Integer: never equal (EC_UNRELATED_TYPES, high).
  static final String AFTER = """
      package demo;

      public class Names {
        public boolean isAda(String name) {
          return "Ada".equals(name);
        }

        public boolean isNumberOne(String name) {
          return name.equals(Integer.valueOf(1));
        }

        public int legacy() {
          String s = null;
          return s.length();
        }
      }
      """;

  @TempDir Path tmp;

  Path compile(String source) throws Exception {
    Path src = tmp.resolve("src/demo/Names.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-g", "-d", classes.toString(), src.toString());
    assertThat(rc).isZero();
    return classes;
  }

  @Test
  void aHighPriorityBugOnAnAddedLineIsNewAndTheOldOneIsNot() throws Exception {
    Path classes = compile(AFTER);

    SpotBugsCheck.Result r = SpotBugsCheck.newHighFindings(List.of(classes), List.of(), List.of(new PmdCheck.ChangedFile(PATH, BEFORE, AFTER)));

    assertThat(r.problems()).isEmpty();
    assertThat(r.newFindings()).singleElement().satisfies(f -> {
      assertThat(f.tool()).isEqualTo("spotbugs");
      assertThat(f.rule()).isEqualTo("EC_UNRELATED_TYPES");
      assertThat(f.severity()).isEqualTo("high");
      assertThat(f.path()).isEqualTo(PATH);
      assertThat(f.line()).isEqualTo(9);
    });
    // The null dereference in legacy() is real and high too, but the change did not touch it.
  }

  @Test
  void anAddedFileHasOnlyNewBugs() throws Exception {
    Path classes = compile(AFTER);

    SpotBugsCheck.Result r = SpotBugsCheck.newHighFindings(List.of(classes), List.of(), List.of(new PmdCheck.ChangedFile(PATH, null, AFTER)));

    assertThat(r.newFindings()).extracting(Finding::rule).contains("EC_UNRELATED_TYPES", "NP_ALWAYS_NULL");
  }

  @Test
  void withoutClassesItSaysSoAndFindsNothing() {
    SpotBugsCheck.Result r = SpotBugsCheck.newHighFindings(List.of(tmp.resolve("target/classes")), List.of(),
        List.of(new PmdCheck.ChangedFile(PATH, BEFORE, AFTER)));

    assertThat(r.newFindings()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("no compiled classes");
  }

  @Test
  void changesWithoutJavaNeedNoAnalysis() {
    assertThat(SpotBugsCheck.newHighFindings(List.of(), List.of(), List.of(new PmdCheck.ChangedFile("README.md", "a", "b"))).newFindings()).isEmpty();
  }
}
