package dev.acs.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acs.webhook.event.EventTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A delivery body is whatever reached the signed endpoint: the parser must answer Typed, Untyped or
 * Malformed for every body and event name, never throw. The first byte of an input picks the
 * event name (every name ACS has a record for, then two it has none for), the rest is the body;
 * the seeds in EventParserFuzzTestInputs/ are real payloads from shared/fixtures with that byte
 * in front.
 */
class EventParserFuzzTest {
  private static final List<String> NAMES = names();

  private final EventParser parser = new EventParser();

  @FuzzTest
  void answersEveryBody(byte[] input) {
    String name = input.length == 0 ? "issues" : NAMES.get(Byte.toUnsignedInt(input[0]) % NAMES.size());
    byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    EventParser.Parsed all = parser.parse(name, body);
    EventParser.Parsed openedOnly = parser.parse(name, body, (type, action) -> action == null || action.equals("opened"));
    assertThat(all).isNotNull();
    assertThat(openedOnly).isNotNull();
    if (all instanceof EventParser.Malformed m) {
      assertThat(m.reason()).isNotBlank().hasSizeLessThan(400);
    }
    if (all instanceof EventParser.Typed t) {
      assertThat(t.event()).isNotNull();
    }
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(EventTypes.names());
    names.add("push");
    names.add("");
    return List.copyOf(names);
  }
}
