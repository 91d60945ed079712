package dev.acs.web;

import dev.acs.config.Json;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of one task while it runs: {@code event} for each new line of its timeline
 * (with its id, so a reconnecting browser sends {@code Last-Event-ID} and misses nothing), {@code
 * state} when its state, spend or what it waits for changes, {@code session} when a newer
 * transcript was written, and {@code end} once it ended. The task is polled in the database, so
 * this works whichever node runs the task; a comment line every few seconds finds closed clients.
 */
final class LiveEvents {
  private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
  static final Duration POLL = Duration.ofMillis(700);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  /** Browsers reconnect by themselves; a stream ends after this so none is held forever. */
  static final Duration LONGEST = Duration.ofMinutes(30);

  private final TaskViews views;

  LiveEvents(TaskViews views) {
    this.views = views;
  }

  void stream(Context ctx, Task first, long afterEventId) throws IOException, InterruptedException {
    ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-store").header("X-Accel-Buffering", "no");
    try {
      follow(ctx.res().getOutputStream(), first, afterEventId);
    } catch (EofException gone) {
      // The browser left (page closed, navigated away): the normal end of a live view.
    } catch (TaskStore.StoreException e) {
      // The database is away (or the server is stopping): end the stream; the browser reconnects.
      log.info("live events of task {} ended: {}", first.id(), e.getMessage());
    }
  }

  private void follow(OutputStream out, Task first, long afterEventId) throws IOException, InterruptedException {
    long lastEvent = afterEventId;
    String lastState = "";
    String lastSession = "";
    Instant started = Instant.now();
    Instant lastWrite = Instant.EPOCH;
    write(out, "retry: 2000\n\n");
    Task task = first;
    while (true) {
      for (TaskEvent e : views.eventsAfter(task, lastEvent)) {
        send(out, "event", Long.toString(e.id()), TaskApi.event(e));
        lastEvent = e.id();
        lastWrite = Instant.now();
      }
      Map<String, Object> state = state(task);
      String stateKey = state.toString();
      if (!stateKey.equals(lastState)) {
        send(out, "state", null, state);
        lastState = stateKey;
        lastWrite = Instant.now();
      }
      String session = sessionKey(task);
      if (!session.equals(lastSession)) {
        if (!lastSession.isEmpty() || afterEventId > 0) {
          send(out, "session", null, Map.of("changed", true));
        }
        lastSession = session;
      }
      if (task.state().ended()) {
        send(out, "end", null, Map.of("state", task.state().name()));
        return;
      }
      if (Duration.between(lastWrite, Instant.now()).compareTo(HEARTBEAT) > 0) {
        write(out, ": still here\n\n"); // fails once the browser went away
        lastWrite = Instant.now();
      }
      if (Duration.between(started, Instant.now()).compareTo(LONGEST) > 0) {
        return;
      }
      Thread.sleep(POLL);
      Optional<Task> now = views.reload(task);
      if (now.isEmpty()) {
        return;
      }
      task = now.get();
    }
  }

  private static Map<String, Object> state(Task task) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", task.state().name());
    m.put("state_class", TaskPage.stateClass(task));
    m.put("waiting_for", TaskViews.waitingFor(task, Instant.now()));
    m.put("spend", TaskPage.spend(task));
    m.put("pull_request", task.prNumber());
    return m;
  }

  private String sessionKey(Task task) {
    Optional<Path> file = views.transcriptFile(task);
    if (file.isEmpty()) {
      return "none";
    }
    try {
      return file.get().getFileName() + ":" + Files.size(file.get()) + ":" + Files.getLastModifiedTime(file.get()).toMillis();
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private static void send(OutputStream out, String event, String id, Object data) throws IOException {
    StringBuilder sb = new StringBuilder("event: ").append(event).append('\n');
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("data: ").append(Json.MAPPER.writeValueAsString(data)).append("\n\n");
    write(out, sb.toString());
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
