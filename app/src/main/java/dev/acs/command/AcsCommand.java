package dev.acs.command;

import java.util.Locale;
import java.util.Optional;

/**
 * One {@code /acs} command from a comment. {@code argument} is the rest of the line (the
 * instructions of {@code /acs fix}); {@code unknown} holds the word a person typed when it was no
 * command, so the help reply can say so.
 */
public record AcsCommand(Name name, String argument, String unknown) {

  public enum Name {
    HELP("show this help"),
    PLAN("post (or re-post) a plan for this issue"),
    APPROVE("approve the posted plan so ACS implements it"),
    IMPLEMENT("plan if needed, then implement and open a pull request"),
    FIX("push a repair commit on this pull request; optional instructions follow the command"),
    STOP("cancel this task's queued and running work"),
    STATUS("show state, attempts, last failure, tokens and cost");

    private final String help;

    Name(String help) {
      this.help = help;
    }

    public String help() {
      return help;
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Name> of(String word) {
      for (Name n : values()) {
        if (n.word().equals(word.toLowerCase(Locale.ROOT))) {
          return Optional.of(n);
        }
      }
      return Optional.empty();
    }
  }

  /** The policy input's {@code trigger.command}. */
  public String policyName() {
    return name.word();
  }

  /** Same command and argument: an edit that keeps these does not trigger again. */
  public boolean sameAs(AcsCommand other) {
    return other != null && name == other.name && argument.equals(other.argument) && java.util.Objects.equals(unknown, other.unknown);
  }
}
