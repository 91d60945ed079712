package dev.acs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The real model, in process: a text about the same thing is closer than one about something else. */
class MiniLmEmbedderTest {
  @Test
  void textsAboutTheSameThingAreCloser() {
    List<float[]> v = MiniLmEmbedder.shared().embed(List.of(
        "The refund of an order fails when the invoice total is zero",
        "src/billing/refunds.py\ndef refund(order):\n    \"\"\"Pays back an order's invoice.\"\"\"",
        "src/ui/theme.css\n.button { color: red; border-radius: 4px; }",
        ""));
    assertThat(v).hasSize(4);
    assertThat(v.get(0)).hasSize(384);
    assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)));
    assertThat(v.get(3)).hasSize(384);
    // Seen before: the same vector again, from the cache.
    assertThat(MiniLmEmbedder.shared().embed(List.of("The refund of an order fails when the invoice total is zero")).get(0)).containsExactly(v.get(0));
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
