package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  @Test
  void acsNodeIdNamesTheNodeInsteadOfTheWorkDirectory() {
    try (NodeIdentity node = NodeIdentity.fromEnv(new Env(Map.of(NodeIdentity.VAR, "acs-0.acs.default.svc")), workDir)) {
      assertThat(node.id()).isEqualTo("acs-0.acs.default.svc");
      assertThat(node.stable()).isTrue();
    }
    assertThat(workDir.resolve(NodeIdentity.FILE)).doesNotExist();
    try (NodeIdentity kept = NodeIdentity.fromEnv(new Env(Map.of()), workDir)) {
      assertThat(kept.id()).startsWith("node-");
    }
    assertThatThrownBy(() -> NodeIdentity.fromEnv(new Env(Map.of(NodeIdentity.VAR, "a/b%_c")), workDir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_NODE_ID");
  }
}
