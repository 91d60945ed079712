package dev.acs.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.acs.config.Json;
import dev.acs.eval.LocalizeEvaluation;
import dev.acs.eval.LocalizeTask;
import dev.acs.eval.Recall;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acs eval}: measurements of ACS's parts on benchmark records. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Measure parts of ACS on benchmark records. See docs/context.md.",
    subcommands = EvalCommand.Localize.class)
public final class EvalCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code acs eval localize}: how well ACS finds the files a fix changes. */
  @Command(
      name = "localize",
      mixinStandardHelpOptions = true,
      description = {
        "Measure how well ACS finds the files an issue's fix changed.",
        "For SWE-bench / Multi-SWE-bench records, ranks the repository's files (at the base commit) for the issue,"
            + " and prints recall@1/5/10 and MRR of the files the fix changed (tests excluded) for ACS's ranking,"
            + " the agent's repository map and plain BM25. Repositories are read from local clones, never changed."
      })
  static final class Localize implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl", description = "Records, one JSON object a line.")
    Path tasks;

    @Option(names = "--repos", required = true, paramLabel = "DIR",
        description = "Folder of clones (bare or not): DIR/<org>+<repo>[/repo], DIR/<org>__<repo>, DIR/<org>/<repo> or DIR/<repo>.")
    Path repos;

    @Option(names = "--json", description = "Print the figures and every task's ranks as JSON.")
    boolean json;

    @Option(names = "--graph-weight", paramLabel = "W", split = ",",
        description = "Also rank with these weights of the reference graph (rankings named acs-g<W>; for tuning).")
    List<Double> graphWeights = new ArrayList<>();

    @Option(names = "--no-repomap", description = "Leave out the agent's map (its Java outlines are the slow part).")
    boolean noRepoMap;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(tasks)) {
        throw new UserError("--tasks " + tasks + " is not a file");
      }
      if (!Files.isDirectory(repos)) {
        throw new UserError("--repos " + repos + " is not a directory");
      }
      List<LocalizeTask> list;
      try {
        list = LocalizeEvaluation.readTasks(tasks);
      } catch (IllegalArgumentException e) {
        throw (UserError) new UserError(e.getMessage()).initCause(e);
      }
      LocalizeEvaluation.Report report = new LocalizeEvaluation(repos, graphWeights, !noRepoMap).run(list);
      PrintWriter out = spec.commandLine().getOut(); // NOPMD CloseResource: picocli owns its writer
      if (json) {
        Map<String, Object> figures = new LinkedHashMap<>();
        report.recall().forEach((name, r) -> figures.put(name, Map.of("tasks", r.tasks(), "recall_at_1", r.at1(), "recall_at_5", r.at5(),
            "recall_at_10", r.at10(), "mrr", r.mrr())));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rankings", figures);
        doc.put("tasks", report.outcomes());
        out.println(Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      } else {
        List<String> skipped = new ArrayList<>();
        for (LocalizeEvaluation.Outcome o : report.outcomes()) {
          if (o.skipped() != null) {
            skipped.add(o.instanceId() + ": " + o.skipped());
          } else {
            out.printf(Locale.ROOT, "%-40s %s  (%d ms)%n", o.instanceId(), o.ranks(), o.millis());
          }
        }
        skipped.forEach(s -> out.println("skipped " + s));
        out.printf(Locale.ROOT, "%-8s %6s %9s %9s %9s %6s%n", "ranking", "tasks", "recall@1", "recall@5", "recall@10", "MRR");
        for (Map.Entry<String, Recall> e : report.recall().entrySet()) {
          Recall r = e.getValue();
          out.printf(Locale.ROOT, "%-8s %6d %8.0f%% %8.0f%% %8.0f%% %6.2f%n", e.getKey(), r.tasks(), 100 * r.at1(), 100 * r.at5(), 100 * r.at10(), r.mrr());
        }
      }
      out.flush();
      return 0;
    }
  }
}
