package dev.acs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.Json;
import dev.acs.webhook.EventParser;
import dev.acs.webhook.event.WebhookEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A variant of one of the real webhook payloads in {@code ../shared/fixtures/webhooks/} (never
 * edited, never copied): the fixture is read, the fields a scenario needs are set in code by JSON
 * pointer, and the result is parsed by the production {@link EventParser}, so the handler sees
 * exactly what intake would give it.
 */
public final class WebhookPayloads {
  private final String event;
  private final ObjectNode root;

  private WebhookPayloads(String event, ObjectNode root) {
    this.event = event;
    this.root = root;
  }

  /** {@code relative}: e.g. {@code check_suite/completed.json}; the folder is the event name. */
  public static WebhookPayloads of(String relative) {
    Path file = SharedFolder.require("fixtures/webhooks").resolve(relative);
    try {
      return new WebhookPayloads(Path.of(relative).getName(0).toString(), (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the value at a JSON pointer such as {@code /check_suite/head_sha} or {@code /check_suite/pull_requests/0/number}. */
  public WebhookPayloads set(String pointer, Object value) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = cut == 0 ? root : root.at(pointer.substring(0, cut));
    String key = pointer.substring(cut + 1);
    JsonNode node = Json.MAPPER.valueToTree(value);
    if (parent instanceof ObjectNode o) {
      o.set(key, node);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(key), node);
    } else {
      throw new IllegalArgumentException("no object or array at " + pointer.substring(0, cut) + " in the " + event + " payload");
    }
    return this;
  }

  /** The repository fields a handler reads, set to {@code fullName}. */
  public WebhookPayloads repository(String fullName) {
    String[] parts = fullName.split("/", 2);
    set("/repository/full_name", fullName);
    set("/repository/name", parts[1]);
    return set("/repository/owner/login", parts[0]);
  }

  /** As a GitHub App delivery: with the installation id (many published examples come from repository webhooks). */
  public WebhookPayloads installation(long id) {
    ObjectNode inst = root.putObject("installation");
    inst.put("id", id);
    inst.put("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u" + id);
    return this;
  }

  public WebhookPayloads sender(String login, String type) {
    set("/sender/login", login);
    return set("/sender/type", type);
  }

  public byte[] bytes() {
    try {
      return Json.MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String event() {
    return event;
  }

  /** Parsed as intake parses it; fails when intake would have refused the payload. */
  public <E extends WebhookEvent> E parse(Class<E> type) {
    EventParser.Parsed parsed = new EventParser().parse(event, bytes());
    if (!(parsed instanceof EventParser.Typed typed)) {
      throw new IllegalStateException("the " + event + " variant does not parse: " + parsed);
    }
    return type.cast(typed.event());
  }
}
