package dev.acs.cli;

import dev.acs.pipeline.GitHubReach;
import dev.acs.pipeline.InlineRepairQueue;
import dev.acs.pipeline.InlineTaskQueue;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskPipeline;
import dev.acs.pipeline.TaskRepairs;
import dev.acs.pipeline.TaskServices;
import dev.acs.webhook.DeliveryContext;
import dev.acs.webhook.EventHandler;
import dev.acs.webhook.EventHandlers;
import dev.acs.webhook.EventParser;
import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.IssuesEvent;
import dev.acs.webhook.event.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event payload through ACS's handlers on the caller's thread, for the one-shot commands
 * ({@code receive}, {@code action}): the same {@link EventParser} and handlers as {@code acs
 * serve}, with work run at once ({@link InlineTaskQueue}) instead of queued.
 *
 * <p>{@link #forTasks} builds the dispatch table of these commands. It mirrors {@code
 * AcsApp.eventHandlers} (both register the repair and command handlers through {@code
 * RepairWiring}): a feature that registers a handler for {@code serve} registers it here too, so
 * that the Action and {@code receive} handle the event as well.
 */
final class InlineEvents {
  private static final Logger log = LoggerFactory.getLogger(InlineEvents.class);

  /** What became of a payload. */
  enum Outcome {
    HANDLED,
    IGNORED,
    MALFORMED
  }

  record Result(Outcome outcome, String detail, WebhookEvent event) {}

  private final EventHandlers handlers;
  private final EventParser parser = new EventParser();

  InlineEvents(EventHandlers handlers) {
    this.handlers = handlers;
  }

  /**
   * The task handlers with an inline queue.
   *
   * @param viaToken true when GitHub is reached with a token (the Action, {@code receive} with
   *     {@code GITHUB_TOKEN}): events then need no App installation
   */
  static InlineEvents forTasks(TaskServices services, boolean viaToken) {
    InlineTaskQueue queue = new InlineTaskQueue(new TaskPipeline(services));
    StartTask start = new StartTask(services, queue);
    EventHandlers table = new EventHandlers();
    if (viaToken) {
      table.on(IssuesEvent.class, Set.of("labeled"),
          (e, d) -> start.onLabeled(e, services.github().forRepository(d.installationId(), e.repository().fullName()), d.installationId()));
    } else {
      table.on(IssuesEvent.class, Set.of("labeled"), start::onLabeled);
    }
    RepairWiring.register(table, services, queue, new InlineRepairQueue(new TaskRepairs(services)), start,
        viaToken ? GitHubReach.TOKEN : GitHubReach.APP);
    return new InlineEvents(table);
  }

  /** "issues[labeled]", ...: what this table handles, for messages. */
  Set<String> describe() {
    return handlers.describe();
  }

  /** Parses the payload and runs the handlers; {@code deliveryId} names the run in logs. */
  Result dispatch(String eventName, byte[] body, String deliveryId) throws Exception {
    EventParser.Parsed parsed = parser.parse(eventName, body);
    if (parsed instanceof EventParser.Malformed m) {
      return new Result(Outcome.MALFORMED, m.reason(), null);
    }
    if (!(parsed instanceof EventParser.Typed typed)) {
      return new Result(Outcome.IGNORED, "ACS has no handler for '" + eventName + "' events", null);
    }
    WebhookEvent event = typed.event();
    return run(event, new DeliveryContext(deliveryId, event.installationId(), eventName, event.action(), Instant.now(), 1));
  }

  private <E extends WebhookEvent> Result run(E event, DeliveryContext context) throws Exception {
    @SuppressWarnings("unchecked")
    Class<E> type = (Class<E>) event.getClass();
    List<EventHandler<? super E>> list = handlers.handlersFor(type, event.action());
    String name = EventTypes.nameOf(type) + (event.action() == null ? "" : "." + event.action());
    if (list.isEmpty()) {
      return new Result(Outcome.IGNORED, "no handler for " + name + " (handled here: " + describe() + ")", event);
    }
    for (EventHandler<? super E> handler : list) {
      handler.handle(event, context);
    }
    log.info("{} handled", name);
    return new Result(Outcome.HANDLED, name, event);
  }
}
