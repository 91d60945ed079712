package dev.acs.context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which file uses which: an edge from a file to each file that declares a name it uses (a type, a
 * function), weighted by the number of such names — aider's repository-map graph, built from the
 * declarations {@link FileFacts} finds. Names declared in many files ({@code run}, {@code get},
 * {@code toString}) say nothing about which one is meant and are left out, as are short names.
 *
 * <p>{@link #personalisedPageRank} walks it from the files the issue points at: a file the
 * mentioned code depends on, or that depends on it, gains rank even when it shares no words with
 * the issue.
 */
final class ReferenceGraph {
  /** A name declared in more files than this is too common to link files by. */
  static final int MAX_DECLARERS = 4;
  static final int MIN_NAME = 4;
  /** Weight of walking an edge backwards (from the declaring file to its users), relative to forwards. */
  static final double BACKWARD = 0.5;

  private final List<String> paths;
  private final Map<String, Integer> indexOf;
  /** Per file: neighbours (forward then backward edges) and the weights of the walk, summing to 1. */
  private final int[][] next;
  private final double[][] weight;
  /** Per file: how many of {@code next} are forward edges (the rest are backward). */
  private final int[] forward;
  private final int edges;

  private ReferenceGraph(List<String> paths, int[][] next, double[][] weight, int[] forward, int edges) {
    this.paths = paths;
    this.indexOf = new HashMap<>(paths.size() * 2);
    for (int i = 0; i < paths.size(); i++) {
      indexOf.put(paths.get(i), i);
    }
    this.next = next;
    this.weight = weight;
    this.forward = forward;
    this.edges = edges;
  }

  static ReferenceGraph of(RepoScan scan) {
    return of(scan, BACKWARD);
  }

  /** The graph of a scan, walking an edge backwards with {@code backward} times the weight of walking it forwards. */
  static ReferenceGraph of(RepoScan scan, double backward) {
    List<SourceFile> files = scan.files();
    List<String> paths = files.stream().map(SourceFile::path).toList();
    // name hash -> files declaring it
    Map<Integer, int[]> declarers = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      FileFacts f = scan.facts(files.get(i).path());
      if (f == null || files.get(i).isTest()) {
        continue; // a test declares nothing product code uses
      }
      java.util.Set<String> names = new java.util.HashSet<>(f.types());
      names.addAll(f.functions());
      for (String n : names) {
        if (n.length() < MIN_NAME || Terms.STOP.contains(n.toLowerCase(Locale.ROOT))) {
          continue;
        }
        int[] d = declarers.get(n.hashCode());
        if (d == null) {
          declarers.put(n.hashCode(), new int[] {i});
        } else if (d.length <= MAX_DECLARERS) {
          int[] more = java.util.Arrays.copyOf(d, d.length + 1);
          more[d.length] = i;
          declarers.put(n.hashCode(), more);
        }
      }
    }
    List<Map<Integer, Double>> out = new ArrayList<>(files.size());
    List<Map<Integer, Double>> in = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      out.add(new HashMap<>());
      in.add(new HashMap<>());
    }
    int edges = 0;
    for (int i = 0; i < files.size(); i++) {
      FileFacts f = scan.facts(files.get(i).path());
      if (f == null) {
        continue;
      }
      for (int k = 0; k < f.identifierCount(); k++) {
        int[] d = declarers.get(f.identifierHash(k));
        if (d == null || d.length > MAX_DECLARERS) {
          continue;
        }
        for (int j : d) {
          if (j != i) {
            if (out.get(i).merge(j, 1.0, Double::sum) == 1.0) {
              edges++;
            }
            in.get(j).merge(i, 1.0, Double::sum);
          }
        }
      }
    }
    int[][] next = new int[files.size()][];
    double[][] weight = new double[files.size()][];
    int[] forward = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      Map<Integer, Double> fw = out.get(i);
      Map<Integer, Double> bw = in.get(i);
      int n = fw.size() + bw.size();
      forward[i] = fw.size();
      next[i] = new int[n];
      weight[i] = new double[n];
      double total = 0;
      int k = 0;
      for (Map.Entry<Integer, Double> e : fw.entrySet()) {
        next[i][k] = e.getKey();
        weight[i][k] = e.getValue();
        total += e.getValue();
        k++;
      }
      for (Map.Entry<Integer, Double> e : bw.entrySet()) {
        next[i][k] = e.getKey();
        weight[i][k] = backward * e.getValue();
        total += backward * e.getValue();
        k++;
      }
      for (int m = 0; m < n; m++) {
        weight[i][m] = total > 0 ? weight[i][m] / total : 0;
      }
    }
    return new ReferenceGraph(paths, next, weight, forward, edges);
  }

  int edgeCount() {
    return edges;
  }

  /** The files {@code path} uses (declares a name it uses), for tests and reports. */
  List<String> uses(String path) {
    Integer i = indexOf.get(path);
    List<String> out = new ArrayList<>();
    if (i != null) {
      for (int k = 0; k < next[i].length; k++) {
        if (k < forward[i]) {
          out.add(paths.get(next[i][k]));
        }
      }
    }
    return out;
  }

  /**
   * Personalised PageRank: the stationary share of a walk that follows edges with probability
   * {@code damping} and otherwise jumps back to a seed (chosen by the seeds' weights). A file
   * without edges sends its share back to the seeds. Returns the rank of each path (summing to 1).
   */
  Map<String, Double> personalisedPageRank(Map<String, Double> seeds, double damping, int iterations) {
    int n = paths.size();
    double[] restart = new double[n];
    double sum = 0;
    for (Map.Entry<String, Double> s : seeds.entrySet()) {
      Integer i = indexOf.get(s.getKey());
      if (i != null && s.getValue() > 0) {
        restart[i] += s.getValue();
        sum += s.getValue();
      }
    }
    Map<String, Double> out = new HashMap<>();
    if (sum == 0) {
      return out;
    }
    for (int i = 0; i < n; i++) {
      restart[i] /= sum;
    }
    double[] rank = restart.clone();
    for (int it = 0; it < iterations; it++) {
      double[] fresh = new double[n];
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        if (rank[i] == 0) {
          continue;
        }
        if (next[i].length == 0) {
          dangling += rank[i];
          continue;
        }
        for (int k = 0; k < next[i].length; k++) {
          fresh[next[i][k]] += damping * rank[i] * weight[i][k];
        }
      }
      double back = 1 - damping + damping * dangling;
      for (int i = 0; i < n; i++) {
        fresh[i] += back * restart[i];
      }
      rank = fresh;
    }
    for (int i = 0; i < n; i++) {
      if (rank[i] > 0) {
        out.put(paths.get(i), rank[i]);
      }
    }
    return out;
  }
}
