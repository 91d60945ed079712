package dev.acs.agent;

/**
 * A model call refused because it could take the task past its budget, or because the model has no
 * price while a dollar limit applies. Raised before the call, so nothing was spent on it.
 */
public final class BudgetExceededException extends RuntimeException {
  private final transient Spend spend;

  public BudgetExceededException(String message, Spend spend) {
    super(message);
    this.spend = spend;
  }

  public Spend spend() {
    return spend;
  }
}
