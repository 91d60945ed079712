package dev.acs.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * The useful top of a JVM stack trace: the exception line(s), then frames down to and including
 * the first frame in the failing test's class; the frames below it are test-runner machinery.
 */
final class StackHeads {
  private StackHeads() {}

  static List<String> of(List<String> block, String testClass) {
    List<String> head = new ArrayList<>();
    String frameMarker = testClass == null ? null : testClass + ".";
    for (String line : block) {
      if (head.size() >= FailingTest.MAX_STACK_LINES) {
        break;
      }
      String s = line.strip();
      if (s.isEmpty()) {
        continue;
      }
      head.add(s);
      boolean frame = s.startsWith("at ");
      if (frame && frameMarker != null && (s.contains(" " + frameMarker) || s.contains("/" + frameMarker))) {
        break;
      }
    }
    return head;
  }
}
