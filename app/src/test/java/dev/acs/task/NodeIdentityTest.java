package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node keeps its id across restarts, and only one live process holds it. */
class NodeIdentityTest {
  @TempDir Path workDir;

  @Test
  void theIdIsKeptInTheWorkDirectoryAcrossRestarts() throws Exception {
    String first;
    try (NodeIdentity node = NodeIdentity.of(workDir.resolve("work"))) {
      first = node.id();
      assertThat(node.stable()).isTrue();
      assertThat(Files.readString(workDir.resolve("work").resolve(NodeIdentity.FILE)).strip()).isEqualTo(first);
    }
    try (NodeIdentity again = NodeIdentity.of(workDir.resolve("work"))) {
      assertThat(again.id()).isEqualTo(first);
    }
  }

  @Test
  void aSecondLiveProcessOnTheSameWorkDirectoryGetsAnIdOfItsOwn() {
    try (NodeIdentity holder = NodeIdentity.of(workDir); NodeIdentity second = NodeIdentity.of(workDir)) {
      assertThat(second.id()).isNotEqualTo(holder.id());
      assertThat(second.stable()).isFalse();
    }
  }

  @Test
  void anUnreadableIdIsReplaced() throws Exception {
    Files.writeString(workDir.resolve(NodeIdentity.FILE), "not an id; ../../etc\n");
    try (NodeIdentity node = NodeIdentity.of(workDir)) {
      assertThat(node.id()).startsWith("node-").matches("[A-Za-z0-9-]+");
      assertThat(Files.readString(workDir.resolve(NodeIdentity.FILE)).strip()).isEqualTo(node.id());
    }
  }
}
