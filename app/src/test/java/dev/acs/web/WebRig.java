package dev.acs.web;

import dev.acs.agent.Budget;
import dev.acs.config.Env;
import dev.acs.pipeline.PipelineRig;
import dev.acs.policy.PolicyDecisionLog;
import dev.acs.task.TaskListing;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The pages over a {@link PipelineRig}'s real tasks, on a real server on a random loopback port. */
final class WebRig implements AutoCloseable {
  final PipelineRig pipeline;
  final LoopbackServer server;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  WebRig(PipelineRig pipeline, Visitors visitors) {
    this.pipeline = pipeline;
    this.server = LoopbackServer.start("127.0.0.1", 0, new TaskPages(visitors, views(pipeline),
        Optional.of(new TaskActions(pipeline.services, pipeline.start, pipeline.queue))));
  }

  static TaskViews views(PipelineRig rig) {
    return new TaskViews(rig.tasks, new TaskListing(rig.db.dataSource()), new PolicyDecisionLog(rig.db.dataSource()),
        rig.tmp.resolve("transcripts"), Budget.fromEnv(new Env(Map.of())));
  }

  static Path transcripts(PipelineRig rig) {
    return rig.tmp.resolve("transcripts");
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()).resolve(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String token, Map<String, String> form) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    server.close();
    pipeline.close();
  }
}
