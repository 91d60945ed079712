package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.agent.Asker;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code acs run}'s answers to the planner: typed on a terminal, or the planner's own assumptions without one. */
class TerminalAskerTest {
  final StringWriter printed = new StringWriter();

  @Test
  void onATerminalTheLinesUpToAnEmptyOneAreThePersonsAnswer() {
    TerminalAsker asker = new TerminalAsker(new BufferedReader(new StringReader("Hey, please.\nKeep the name.\n\nnot read\n")), new PrintWriter(printed));
    Asker.Reply reply = asker.ask(List.of("Hi or Hey?", "Keep the name?"), "Hi");
    assertThat(reply).isEqualTo(new Asker.Reply("Hey, please.\nKeep the name.", true));
    assertThat(printed.toString()).contains("1. Hi or Hey?").contains("2. Keep the name?").contains("Without an answer it assumes: Hi");
  }

  @Test
  void anEmptyAnswerOrNoTerminalKeepsTheAssumptionsAndSaysSo() {
    Asker.Reply empty = new TerminalAsker(new BufferedReader(new StringReader("\n")), new PrintWriter(printed)).ask(List.of("Hi?"), "Hi");
    assertThat(empty).isEqualTo(new Asker.Reply(TerminalAsker.GO_ON, false));

    Asker.Reply none = new TerminalAsker(null, new PrintWriter(printed)).ask(List.of("Hi?"), "Hi it is");
    assertThat(none.fromPerson()).isFalse();
    assertThat(none.text()).contains("Go on with the assumptions you stated");
    assertThat(printed.toString()).contains("Without an answer it assumes: Hi it is").contains("No terminal to ask on: going on with those assumptions");
  }
}
