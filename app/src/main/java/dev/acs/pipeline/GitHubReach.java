package dev.acs.pipeline;

import dev.acs.webhook.DeliveryContext;

/**
 * How ACS reaches the repository of a delivery. As the App ({@code acs serve}, {@code receive}
 * with an App key) it acts only on deliveries that name an installation: a repository webhook's
 * delivery gives it no way in. With a token (the Action's workflow token) there is no
 * installation and every delivery is the repository's own.
 */
public enum GitHubReach {
  APP,
  TOKEN;

  public boolean accepts(DeliveryContext delivery) {
    return this == TOKEN || delivery.installationId() != null;
  }
}
