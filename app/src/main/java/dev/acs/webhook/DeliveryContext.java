package dev.acs.webhook;

import java.time.Instant;

/**
 * What a handler knows about the delivery besides the event: its id (the correlation id in logs),
 * the installation to act through (null for deliveries not sent to a GitHub App), the event name
 * and action, when GitHub's delivery reached ACS, and which attempt this is (1 = first).
 */
public record DeliveryContext(
    String deliveryId, Long installationId, String event, String action, Instant receivedAt, int attempt) {}
