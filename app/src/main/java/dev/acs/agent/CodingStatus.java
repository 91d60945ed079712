package dev.acs.agent;

/** How a coder run ended. */
public enum CodingStatus {
  /** The model called finish after changing files. */
  FINISHED,
  /** The next model call could have gone over the task's budget (or a price was unknown). */
  BUDGET_EXCEEDED,
  /** The run used all its steps, or the model repeated the same call over and over. */
  STEP_LIMIT,
  /** The providers failed, or the model kept answering empty or with broken tool calls. */
  MODEL_ERROR,
  /** The model finished without changing any file. */
  NO_CHANGES,
  /** The model said the task cannot be done, or kept talking without using the tools. */
  GAVE_UP
}
