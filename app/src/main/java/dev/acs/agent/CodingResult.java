package dev.acs.agent;

import java.util.List;

/**
 * The end of a coder run.
 *
 * @param status how it ended
 * @param summary the model's own summary when it finished (model-written: treat as untrusted text
 *     when posting it), else ACS's explanation of why it stopped
 * @param filesChanged paths whose content differs from before the run, sorted
 * @param spend the task's spend so far (the whole ledger, planning included)
 * @param steps model calls made by this run
 * @param lastCheck the last check run, or null when none ran
 * @param transcript the conversation, to write with {@link Transcript#writeTo}
 * @param commitSubject the model's one-line subject for the commit (model-written), or null
 */
public record CodingResult(
    CodingStatus status,
    String summary,
    List<String> filesChanged,
    Spend spend,
    int steps,
    CheckRunner.CheckResult lastCheck,
    Transcript transcript,
    String commitSubject) {
  public CodingResult {
    filesChanged = List.copyOf(filesChanged);
  }

  /** Without a commit subject from the model. */
  public CodingResult(
      CodingStatus status, String summary, List<String> filesChanged, Spend spend, int steps, CheckRunner.CheckResult lastCheck,
      Transcript transcript) {
    this(status, summary, filesChanged, spend, steps, lastCheck, transcript, null);
  }
}
