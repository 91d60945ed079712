package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommentMarkerTest {
  @Test
  void theMarkerIsAHiddenHtmlCommentOnTheFirstLine() {
    assertThat(CommentMarker.attach("plan", "## Plan")).isEqualTo("<!-- acs:plan -->\n## Plan");
    assertThat(CommentMarker.carries("<!-- acs:plan -->\n## Plan", "plan")).isTrue();
    assertThat(CommentMarker.carries("<!-- acs:plan-2 -->", "plan")).isFalse();
    assertThat(CommentMarker.carries(null, "plan")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "x-->", "-lead", "ü"})
  void keysThatCouldBreakTheCommentAreRefused(String key) {
    assertThatThrownBy(() -> CommentMarker.of(key)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBodyOverGitHubsLimitIsCutKeepingTheMarker() {
    String body = CommentMarker.attach("status", "x".repeat(70_000));
    assertThat(body).hasSize(CommentMarker.MAX_BODY).startsWith("<!-- acs:status -->").contains("(cut:");
  }
}
