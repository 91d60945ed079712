package dev.acs.pipeline;

import dev.acs.policy.PolicyInput;

/**
 * Who asked ACS to act and through which event: the policy input's {@code actor} and {@code
 * trigger}. Carried through the job queue as plain strings so that a job stays readable in the
 * database and survives a restart.
 */
public record Requester(
    String login, String type, String permission, String event, String action, String command, boolean fromFork) {

  public PolicyInput.Actor actor() {
    return new PolicyInput.Actor(login, type, permission);
  }

  public PolicyInput.Trigger trigger() {
    return new PolicyInput.Trigger(event, action, command, fromFork);
  }

  /** The requester with the permission GitHub reports for them on this repository. */
  public Requester withPermission(String permission) {
    return new Requester(login, type, permission, event, action, command, fromFork);
  }

  public String toJobArgument() {
    return String.join("\u001f", login, type, permission, event, action, command == null ? "" : command, Boolean.toString(fromFork));
  }

  public static Requester fromJobArgument(String arg) {
    String[] p = arg.split("\u001f", -1);
    return new Requester(p[0], p[1], p[2], p[3], p[4], p[5].isEmpty() ? null : p[5], Boolean.parseBoolean(p[6]));
  }
}
