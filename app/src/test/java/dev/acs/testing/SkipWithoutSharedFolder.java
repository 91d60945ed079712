package dev.acs.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Registered for every test (META-INF/services, junit-platform.properties): when a test was
 * skipped in its set-up because the shared folder is missing ({@link SharedFolder}), its clean-up
 * finds the rig it would have closed never made; that is part of the skip, not an error. Any
 * other clean-up failure, and every failure where the shared folder exists, passes through.
 */
public final class SkipWithoutSharedFolder implements LifecycleMethodExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SkipWithoutSharedFolder.class);

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    if (thrown instanceof TestAbortedException) {
      context.getStore(NS).put("skipped", true);
    }
    throw thrown;
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    if (Boolean.TRUE.equals(context.getStore(NS).get("skipped", Boolean.class)) && !SharedFolder.has("fixtures")) {
      return;
    }
    throw thrown;
  }
}
