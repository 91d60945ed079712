package dev.acs.webhook;

import dev.acs.webhook.event.WebhookEvent;

/**
 * Reacts to one kind of webhook event. It runs on a delivery worker from the stored delivery,
 * never on the request thread; throwing makes the delivery retry later (with backoff), so a
 * handler should be safe to run again after a partial failure.
 */
@FunctionalInterface
public interface EventHandler<E extends WebhookEvent> {
  void handle(E event, DeliveryContext delivery) throws Exception;
}
