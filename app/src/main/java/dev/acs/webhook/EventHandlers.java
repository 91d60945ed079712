package dev.acs.webhook;

import dev.acs.webhook.event.EventTypes;
import dev.acs.webhook.event.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which handlers run for which events. Register at start-up (before serving), e.g.
 *
 * <pre>{@code
 * handlers.on(IssuesEvent.class, Set.of("labeled"), labelHandler::handle)
 *         .on(IssueCommentEvent.class, commands::handle);
 * }</pre>
 *
 * A delivery whose event and action no handler wants is answered 202 and counted as ignored at
 * intake: it is not stored. Handlers of one event run in registration order.
 */
public final class EventHandlers {
  // Read on every request, written only at start-up: lock-free reads.
  private final Map<Class<? extends WebhookEvent>, List<Registration<?>>> byType = new ConcurrentHashMap<>();

  private record Registration<E extends WebhookEvent>(Set<String> actions, EventHandler<? super E> handler) {
    boolean wants(String action) {
      return actions.isEmpty() || (action != null && actions.contains(action));
    }
  }

  /** Runs the handler for every action of the event. */
  public <E extends WebhookEvent> EventHandlers on(Class<E> type, EventHandler<? super E> handler) {
    return on(type, Set.of(), handler);
  }

  /** Runs the handler only for the given actions (e.g. "labeled"); other actions are not stored. */
  public synchronized <E extends WebhookEvent> EventHandlers on(
      Class<E> type, Set<String> actions, EventHandler<? super E> handler) {
    EventTypes.nameOf(type); // fails fast for a type that is not a webhook event record
    byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(new Registration<>(Set.copyOf(actions), handler));
    return this;
  }

  /**
   * True when some handler wants this event and action, i.e. the delivery must be stored. A null
   * action asks whether any handler wants the event at all (or, for events without actions such as
   * ping, whether a handler for all actions exists).
   */
  public boolean wants(Class<? extends WebhookEvent> type, String action) {
    List<Registration<?>> registrations = byType.get(type);
    if (registrations == null) {
      return false;
    }
    if (action == null) {
      return !registrations.isEmpty();
    }
    for (Registration<?> r : registrations) {
      if (r.wants(action)) {
        return true;
      }
    }
    return false;
  }

  /** The handlers for this event and action, in registration order. */
  @SuppressWarnings("unchecked")
  public <E extends WebhookEvent> List<EventHandler<? super E>> handlersFor(Class<E> type, String action) {
    List<EventHandler<? super E>> result = new ArrayList<>();
    for (Registration<?> r : byType.getOrDefault(type, List.of())) {
      if (r.wants(action)) {
        result.add((EventHandler<? super E>) r.handler());
      }
    }
    return result;
  }

  /** "issues", "ping", ... with their action filters, for the start-up log line. */
  public Set<String> describe() {
    Set<String> out = new TreeSet<>();
    byType.forEach(
        (type, regs) -> {
          for (Registration<?> r : regs) {
            out.add(EventTypes.nameOf(type) + (r.actions().isEmpty() ? "" : new TreeSet<>(r.actions()).toString()));
          }
        });
    return out;
  }
}
