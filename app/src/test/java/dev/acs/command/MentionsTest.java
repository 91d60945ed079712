package dev.acs.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MentionsTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      @acs please fix this                         | true
      Hey @ACS, could you take this?               | true
      (@acs) thanks                                | true
      @acs[bot] please                             | true
      ping @acs-helper instead                     | false
      email me at me@acs.dev                       | false
      see https://github.com/@acs/x                | false
      @acsfoo please                               | false
      > @acs please fix this                       | false
      use `@acs please fix` to ask                 | false
      no mention at all                            | false
      """)
  void aMentionIsTheAppsSlugAsGitHubLinksIt(String body, boolean mentions) {
    assertThat(Mentions.mentions(body, "acs")).isEqualTo(mentions);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      in a fence   | ```\\n@acs please fix\\n```\\nthat is how | false
      after fence  | ```\\ncode\\n```\\n@acs please fix      | true
      tilde fence  | ~~~\\n@acs please fix\\n~~~              | false
      """)
  void fencedCodeDoesNotCount(String what, String body, boolean mentions) {
    assertThat(Mentions.mentions(body.replace("\\n", "\n"), "acs")).isEqualTo(mentions);
  }
}
