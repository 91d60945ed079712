import dev.acs.agent.RepoMap;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Times RepoMap.scan (walk + JavaParser outline) and render on real repositories. Prints wall and
 * CPU time per round: on a shared machine the wall time mostly measures the other load.
 */
public class RepoMapBench {
  public static void main(String[] args) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String query = System.getProperty("query", "JsonParser fails to parse nested arrays with getText after nextToken");
    for (String repo : args) {
      for (int round = 1; round <= 3; round++) {
        long w0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        RepoMap map = RepoMap.scan(Path.of(repo));
        long w1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        String text = map.render(query, 6000);
        long w2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        System.out.printf(
            "%s round %d: %d files; scan wall %.0f ms cpu %.0f ms; render wall %.0f ms cpu %.0f ms; map %d tokens%n",
            repo, round, map.fileCount(), (w1 - w0) / 1e6, (c1 - c0) / 1e6, (w2 - w1) / 1e6, (c2 - c1) / 1e6,
            RepoMap.approxTokens(text));
      }
    }
  }
}
