package dev.acs.workspace;

import java.nio.file.Path;

/**
 * Told when a task is done with a working tree ({@link Workspace#close}), before a task clone is
 * deleted: whatever a layer above keeps about the tree (the context package's scan of it) can go.
 * {@code workspace} does not know those layers; the application wires them in.
 */
@FunctionalInterface
public interface TreeClosed {
  /** Nobody is told. */
  TreeClosed NONE = tree -> {};

  void closed(Path tree);
}
