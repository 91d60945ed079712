package dev.acs.pipeline;

import dev.acs.agent.Asker;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The planner's questions in {@code acs run}: asked on the terminal when there is one (the answer
 * is the lines typed up to an empty line), and otherwise answered by ACS itself with "go on with
 * your assumptions", which are printed so that the person reading the output knows what was
 * assumed.
 */
public final class TerminalAsker implements Asker {
  static final String GO_ON = "Nobody can answer now. Go on with the assumptions you stated and list them under risks in the plan.";

  private final BufferedReader in;
  private final PrintWriter out;

  /** @param in the terminal, or null when there is none */
  public TerminalAsker(BufferedReader in, PrintWriter out) {
    this.in = in;
    this.out = out;
  }

  /** On this process's terminal if it has one, else assuming. */
  public static TerminalAsker forThisProcess(PrintWriter out) {
    Console console = System.console();
    return new TerminalAsker(interactive(console) ? new BufferedReader(console.reader()) : null, out);
  }

  /**
   * Java 21 gives a console only on a terminal; from Java 22 {@code System.console()} is there even
   * when input is a pipe, and {@code Console.isTerminal()} (absent from the Java 21 API ACS compiles
   * against) tells. Reading a pipe would eat input meant for something else, or block a script.
   */
  static boolean interactive(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return true;
    }
  }

  @Override
  public Reply ask(List<String> questions, String assumptions) {
    out.println();
    out.println("The planner asks:");
    for (int i = 0; i < questions.size(); i++) {
      out.println("  " + (i + 1) + ". " + questions.get(i));
    }
    if (!assumptions.isBlank()) {
      out.println("Without an answer it assumes: " + assumptions);
    }
    if (in == null) {
      out.println("(No terminal to ask on: going on with those assumptions.)");
      out.flush();
      return new Reply(GO_ON, false);
    }
    out.println("Your answer (end with an empty line; an empty answer keeps the assumptions):");
    out.flush();
    StringBuilder answer = new StringBuilder();
    try {
      for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
        answer.append(line).append('\n');
      }
    } catch (IOException e) {
      out.println("(Could not read the answer: " + e.getMessage() + "; going on with the assumptions.)");
    }
    out.flush();
    return answer.isEmpty() ? new Reply(GO_ON, false) : new Reply(answer.toString().strip(), true);
  }
}
