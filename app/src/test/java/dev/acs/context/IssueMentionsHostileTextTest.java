package dev.acs.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue text is anyone's: crafted words must not make the mention patterns backtrack for minutes
 * or overflow the stack. Each input here took seconds to minutes (or threw StackOverflowError)
 * before the text was bounded; the limit is a guard against a hang, not a speed target.
 */
class IssueMentionsHostileTextTest {
  private static final Duration HANG = Duration.ofSeconds(20);

  @Test
  void aPathOfThousandsOfFoldersDoesNotOverflowTheStack() {
    IssueMentions m = assertTimeoutPreemptively(HANG, () -> IssueMentions.of("t", "x" + "/a".repeat(32_000)));
    assertThat(m.paths()).isEmpty();
  }

  @Test
  void longWordsShapedForBacktrackingAreReadInBoundedTime() {
    for (String body : new String[] {"aA".repeat(64_000), "a." + "b".repeat(120_000) + ".c", "@a".repeat(64_000),
        "x.".repeat(64_000), "Error: " + "y".repeat(120_000),
        // dotted names and Python imports
        "a1_.".repeat(40_000) + "-", ("from " + "a.b".repeat(80) + " import ").repeat(300), "from a" + " \t".repeat(30_000) + "import b"}) {
      assertTimeoutPreemptively(HANG, () -> IssueMentions.of("t", body));
    }
  }

  @Test
  void theBoundKeepsWhatMentionsAreMadeOf() {
    String body = "Fails in src/main/java/com/example/JsonWriter.java at JsonWriter#value: \"Illegal character in name\"\n"
        + "z".repeat(1_000) + " and then Foo.bar( was called";
    IssueMentions m = IssueMentions.of("JsonWriter breaks", body);
    assertThat(m.paths()).containsKey("src/main/java/com/example/JsonWriter.java");
    assertThat(IssueMentions.bounded(body)).contains("Foo.bar(").doesNotContain("z".repeat(IssueMentions.MAX_TOKEN + 1))
        .contains("z".repeat(IssueMentions.MAX_TOKEN));
    assertThat(IssueMentions.bounded("x".repeat(100_000))).hasSize(IssueMentions.MAX_TOKEN);
    assertThat(IssueMentions.bounded("ab ".repeat(30_000))).hasSize(IssueMentions.MAX_TEXT);
  }
}
