package dev.acs.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.acs.config.Json;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.WebhookEvent;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a delivery body into its event record. Every body must be one JSON object; bodies of
 * events ACS has a record for must also have what that record requires (e.g. a repository).
 */
public final class EventParser {
  private static final int MAX_REASON = 200;

  private final Map<Class<? extends WebhookEvent>, ObjectReader> readers = new ConcurrentHashMap<>();

  /** The outcome of reading a body. */
  public sealed interface Parsed {}

  /** An event ACS has a record for. */
  public record Typed(WebhookEvent event) implements Parsed {}

  /** Valid JSON of an event ACS has no record for (push, label, status, ...). */
  public record Untyped() implements Parsed {}

  /** Not a JSON object, or an object without what the event needs; {@code reason} says what. */
  public record Malformed(String reason) implements Parsed {}

  public Parsed parse(String eventName, byte[] body) {
    return parse(eventName, body, (type, action) -> true);
  }

  /**
   * Reads the body, binding it to its record only if {@code wanted} says a handler wants the event
   * and action: binding a large payload costs far more than checking that it is JSON, and most
   * deliveries a GitHub App receives are of events or actions it does not handle. A body that is
   * not wanted is only checked to be one JSON object and comes back {@link Untyped}.
   */
  public Parsed parse(
      String eventName, byte[] body, BiPredicate<Class<? extends WebhookEvent>, String> wanted) {
    Optional<Class<? extends WebhookEvent>> type = EventTypes.typeOf(eventName);
    if (type.isEmpty()) {
      return checkJsonObject(body);
    }
    if (!wanted.test(type.get(), null) || !wantedAction(type.get(), body, wanted)) {
      return checkJsonObject(body);
    }
    return read(type.get(), body);
  }

  /**
   * Whether a handler wants the payload's action. GitHub sends {@code action} as the first field,
   * so this usually reads one token; a body too broken to tell is left to the full read (which
   * then reports it as malformed).
   */
  private static boolean wantedAction(
      Class<? extends WebhookEvent> type, byte[] body, BiPredicate<Class<? extends WebhookEvent>, String> wanted) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return true;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("action".equals(name)) {
          return value != JsonToken.VALUE_STRING || wanted.test(type, p.getText());
        }
        p.skipChildren();
      }
      return wanted.test(type, null);
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads a body known to be well-formed (e.g. one stored at intake) into the given record. */
  public <E extends WebhookEvent> E readStored(Class<E> type, byte[] body) throws IOException {
    return type.cast(reader(type).readValue(body));
  }

  private Parsed read(Class<? extends WebhookEvent> type, byte[] body) {
    WebhookEvent event;
    try {
      event = reader(type).readValue(body);
    } catch (JsonProcessingException e) {
      return new Malformed("not a valid " + EventTypes.nameOf(type) + " payload: " + shorten(e.getOriginalMessage()));
    } catch (IOException e) {
      return new Malformed("unreadable body: " + shorten(e.getMessage()));
    }
    if (event == null) {
      return new Malformed("body is JSON null, not an object");
    }
    var missing = event.missing();
    if (!missing.isEmpty()) {
      return new Malformed(EventTypes.nameOf(type) + " payload without " + String.join(", ", missing));
    }
    return new Typed(event);
  }

  private ObjectReader reader(Class<? extends WebhookEvent> type) {
    return readers.computeIfAbsent(
        type, t -> Json.MAPPER.readerFor(t).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
  }

  /** Tokenizes the whole body without building a tree: cheap, and enough to reject non-JSON. */
  private static Parsed checkJsonObject(byte[] body) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Malformed("body is not a JSON object");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        return new Malformed("trailing content after the JSON object");
      }
      return new Untyped();
    } catch (IOException e) {
      return new Malformed("not JSON: " + shorten(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
  }
}
