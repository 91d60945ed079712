package dev.acs.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandParserTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/acs help                         | HELP      |                    |",
        "/ACS Plan                         | PLAN      |                    |",
        "  /acs implement                  | IMPLEMENT |                    |",
        "/acs approve                      | APPROVE   |                    |",
        "/acs fix use a StringBuilder      | FIX       | use a StringBuilder |",
        "/acs fix                          | FIX       |                    |",
        "/acs stop                         | STOP      |                    |",
        "/acs status                       | STATUS    |                    |",
        "/acs                              | HELP      |                    |",
        "/acs deploy prod                  | HELP      |                    | deploy",
        "Thanks!\\n/acs plan               | PLAN      |                    |",
        "/acs status\\n/acs stop           | STATUS    |                    |",
      })
  void findsTheCommand(String body, AcsCommand.Name name, String argument, String unknown) {
    Optional<AcsCommand> c = CommandParser.parse(body.replace("\\n", "\n"));
    assertThat(c).isPresent();
    assertThat(c.get().name()).isEqualTo(name);
    assertThat(c.get().argument()).isEqualTo(argument == null ? "" : argument);
    assertThat(c.get().unknown()).isEqualTo(unknown);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "please run /acs plan",
        "> /acs implement",
        "```\\n/acs stop\\n```",
        "/acsplan",
        "/ac plan",
        "''",
      })
  void ignoresWhatIsNoCommand(String body) {
    assertThat(CommandParser.parse(body.replace("\\n", "\n"))).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/acs plan        | /acs plan           | false",
        "/acs plan        | /acs plan\\nthanks  | false",
        "/ACS PLAN        | /acs plan           | false",
        "/acs plan        | /acs implement      | true",
        "hello            | /acs status         | true",
        "/acs fix a       | /acs fix b          | true",
        "/acs status      | never mind          | false",
      })
  void editsTriggerOnlyWhenTheCommandChanged(String before, String after, boolean triggers) {
    assertThat(CommandParser.changedByEdit(before.replace("\\n", "\n"), after.replace("\\n", "\n"))).isEqualTo(triggers);
  }

  @org.junit.jupiter.api.Test
  void helpListsEveryCommandAndNamesTheUnknownOne() {
    String help = CommandParser.helpText("deploy");
    assertThat(help).contains("`/acs deploy` is not a command I know");
    for (AcsCommand.Name n : AcsCommand.Name.values()) {
      assertThat(help).contains("/acs " + n.word());
    }
    assertThat(help).contains("Assigning the issue to me, or mentioning me");
  }
}
