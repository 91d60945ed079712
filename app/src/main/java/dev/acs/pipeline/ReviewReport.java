package dev.acs.pipeline;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's own account of which review comments it addressed, read from its finish summary.
 * ACS asks for one line per comment ({@code #<id>: addressed} or {@code #<id>: not addressed -
 * <why>}); a comment the summary does not mention counts as not addressed, so a thread is only
 * resolved when the model said so. This is the model's claim, not a proof: the reviewer still
 * reads the commit.
 */
public final class ReviewReport {
  private static final Pattern LINE = Pattern.compile(
      "^[\\s>*-]*#?(\\d{1,19})\\s*[:\\-–—]\\s*(not\\s+addressed|partly\\s+addressed|partially\\s+addressed|addressed|done|skipped)\\b\\s*[:\\-–—,.]?\\s*(.*)$",
      Pattern.CASE_INSENSITIVE);
  private static final int MAX_NOTE = 300;

  /** One comment's verdict; {@code note} is the model's reason (untrusted text), possibly empty. */
  public record Verdict(boolean addressed, String note) {}

  private final Map<Long, Verdict> verdicts;

  private ReviewReport(Map<Long, Verdict> verdicts) {
    this.verdicts = verdicts;
  }

  /** Reads the report lines for the given comment ids; lines naming other ids are ignored. */
  public static ReviewReport parse(String summary, Collection<Long> commentIds) {
    Map<Long, Verdict> out = new LinkedHashMap<>();
    if (summary != null) {
      for (String line : summary.split("\\R")) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
          continue;
        }
        long id;
        try {
          id = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
          continue;
        }
        if (!commentIds.contains(id) || out.containsKey(id)) {
          continue;
        }
        String word = m.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        boolean addressed = word.equals("addressed") || word.equals("done");
        String note = m.group(3).strip();
        out.put(id, new Verdict(addressed, note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE - 1) + "…" : note));
      }
    }
    return new ReviewReport(out);
  }

  public Optional<Verdict> of(long commentId) {
    return Optional.ofNullable(verdicts.get(commentId));
  }

  public boolean addressed(long commentId) {
    return of(commentId).map(Verdict::addressed).orElse(false);
  }

  /** The instruction that asks the model for the report, naming the comment ids. */
  public static String instruction(Collection<Long> commentIds) {
    StringBuilder sb = new StringBuilder(
        "When you call finish, end the summary with one line per review comment above, in this form:\n");
    for (Long id : commentIds) {
      sb.append("#").append(id).append(": addressed\n");
    }
    sb.append("Write `#<id>: not addressed - <why>` instead for a comment you did not (fully) address, "
        + "e.g. a question or a request you disagree with.");
    return sb.toString();
  }
}
