package dev.acs.webhook;

import dev.acs.webhook.event.PingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GitHub's ping when a webhook or the App is set up: logged, so the operator sees it arrived. */
public final class AnswerPing {
  private static final Logger log = LoggerFactory.getLogger(AnswerPing.class);

  public void handle(PingEvent ping, DeliveryContext delivery) {
    String target = ping.repository() != null ? ping.repository().fullName() : ping.hook() != null ? ping.hook().type() : "?";
    Long appId = ping.hook() == null ? null : ping.hook().appId();
    log.info("ping from GitHub: hook {} on {}{}, events {}", ping.hookId(), target, appId == null ? "" : " (app " + appId + ")",
        ping.hook() == null ? "?" : ping.hook().events());
  }
}
