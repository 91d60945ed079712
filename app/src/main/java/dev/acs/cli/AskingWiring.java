package dev.acs.cli;

import dev.acs.command.StartOnAssign;
import dev.acs.command.StartOnMention;
import dev.acs.command.TakeAnswer;
import dev.acs.pipeline.StartTask;
import dev.acs.pipeline.TaskQueue;
import dev.acs.pipeline.TaskServices;
import dev.acs.webhook.EventHandlers;
import dev.acs.webhook.event.IssueCommentEvent;
import dev.acs.webhook.event.IssuesEvent;
import java.util.Set;

/**
 * The ways to start a task besides the label and {@code /acs} commands (assigning the App's bot
 * user, mentioning the App), and the answers to ACS's clarifying questions. App deliveries only:
 * each handler ignores deliveries without an installation.
 */
final class AskingWiring {
  private AskingWiring() {}

  static void register(EventHandlers handlers, TaskServices services, TaskQueue queue, StartTask start) {
    handlers
        .on(IssuesEvent.class, Set.of("assigned"), new StartOnAssign(services, start)::onAssigned)
        // The mention first: it leaves a comment on a task waiting for an answer to TakeAnswer.
        .on(IssueCommentEvent.class, Set.of("created"), new StartOnMention(services, start)::onComment)
        .on(IssueCommentEvent.class, Set.of("created"), new TakeAnswer(services, queue)::onComment);
  }
}
