package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.task.TransientFault;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one-shot commands wait out a transient fault as the job queue would, but not an interruption. */
class InlineTaskQueueTest {
  @Test
  void aTransientFaultIsWaitedOutAndTheJobRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    InlineTaskQueue.withRetries(() -> {
      if (runs.incrementAndGet() == 1) {
        throw new TransientFault("GitHub answered 502", null, false);
      }
    });
    assertThat(runs).hasValue(2);
  }

  @Test
  void anInterruptionIsNotRetried() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> InlineTaskQueue.withRetries(() -> {
      runs.incrementAndGet();
      throw new TransientFault("stopping", null, true);
    })).isInstanceOf(TransientFault.class);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aPermanentErrorIsNotRetried() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> InlineTaskQueue.withRetries(() -> {
      runs.incrementAndGet();
      throw new IllegalStateException("a bug");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(runs).hasValue(1);
  }
}
