package dev.acs.agent;

/** Text that stops a runaway regular expression by failing once the deadline passes. */
final class DeadlineText implements CharSequence {
  static final class Expired extends RuntimeException {
    Expired() {
      super(null, null, false, false);
    }
  }

  private final CharSequence text;
  private final long deadlineNanos;
  private int reads;

  DeadlineText(CharSequence text, long deadlineNanos) {
    this.text = text;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public char charAt(int index) {
    // Backtracking shows up as many reads, whatever the index: look at the clock now and then.
    if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadlineNanos) {
      throw new Expired();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new DeadlineText(text.subSequence(start, end), deadlineNanos);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
