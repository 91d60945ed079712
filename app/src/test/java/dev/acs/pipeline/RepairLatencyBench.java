package dev.acs.pipeline;

import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.task.Task;
import dev.acs.testing.WebhookPayloads;
import dev.acs.webhook.event.CheckSuiteEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Time from a failing-suite webhook to the pushed repair commit, with the replayed model (so the
 * figure is ACS's own work: reading the failure and the real job log, the checkout from the
 * mirror over JGit HTTP, three model turns, PMD before and after, the gate, the push and the
 * check run). Each round opens a fresh pull request first (not timed). Run by bench/repair.sh;
 * not a test.
 *
 * <p>Arguments: [rounds=10] [warm-up=2].
 */
public final class RepairLatencyBench {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String log;
    try (InputStream in = RepairLatencyBench.class.getResourceAsStream("/logs/jackson-core-1309-surefire3.actions.log")) {
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path tmp = Files.createTempDirectory("acs-repair-bench-");
    List<Double> ms = new ArrayList<>();
    try (PipelineRig rig = PipelineRig.start(tmp)) {
      RepairFromFailedChecks handler = new RepairFromFailedChecks(rig.services, rig.repairQueue);
      for (int i = 0; i < warmup + rounds; i++) {
        Task task = rig.openPullRequest();
        rig.github.addActionsJob(7_000L + i, "build", task.headSha(), CheckRunUpdate.completed("failure", "Build failed", "1 test failed", null,
            List.of(new AnnotationInfo(".github", 1, 1, "failure", "Process completed with exit code 1.", null))), log);
        CheckSuiteEvent event = WebhookPayloads.of("check_suite/completed.json").repository(PipelineRig.REPO).installation(PipelineRig.INSTALLATION)
            .set("/check_suite/head_sha", task.headSha()).set("/check_suite/head_branch", task.branch()).set("/check_suite/conclusion", "failure")
            .set("/check_suite/app/slug", "github-actions").set("/check_suite/pull_requests/0/number", task.prNumber())
            .parse(CheckSuiteEvent.class);
        rig.script(PipelineRig.editScript("name + \"!\"", "name.strip() + \"!\"", "Strip the name"));
        long t0 = System.nanoTime();
        handler.onCheckSuite(event, PipelineRig.delivery("check_suite", "completed"));
        long t1 = System.nanoTime();
        String tip = rig.tip(task.branch());
        if (tip.equals(task.headSha()) || rig.task(task.id()).attempts() != 1) {
          throw new IllegalStateException("round " + i + ": no repair was pushed");
        }
        if (i >= warmup) {
          ms.add((t1 - t0) / 1e6);
        }
      }
    }
    Collections.sort(ms);
    System.out.printf(Locale.ROOT, "failing-suite webhook → repair pushed (inline queue, replay model), %d rounds after %d warm-up:%n", rounds, warmup);
    System.out.printf(Locale.ROOT, "  min %.0f ms, median %.0f ms, p90 %.0f ms, max %.0f ms%n",
        ms.get(0), ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.ceil(ms.size() * 0.9) - 1)), ms.get(ms.size() - 1));
  }
}
