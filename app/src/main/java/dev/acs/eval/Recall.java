package dev.acs.eval;

import java.util.List;

/** Recall at 1/5/10 and mean reciprocal rank of one ranking over a set of tasks. */
public final class Recall {
  private int tasks;
  private int at1;
  private int at5;
  private int at10;
  private double reciprocal;

  /** Adds one task: {@code rank} is the 1-based position of the first gold file, or 0 if none was ranked. */
  public void add(int rank) {
    tasks++;
    if (rank > 0) {
      at1 += rank <= 1 ? 1 : 0;
      at5 += rank <= 5 ? 1 : 0;
      at10 += rank <= 10 ? 1 : 0;
      reciprocal += 1.0 / rank;
    }
  }

  /** The 1-based position of the first of {@code gold} in {@code ranked}, 0 when absent. */
  public static int firstRank(List<String> ranked, List<String> gold) {
    for (int i = 0; i < ranked.size(); i++) {
      if (gold.contains(ranked.get(i))) {
        return i + 1;
      }
    }
    return 0;
  }

  public int tasks() {
    return tasks;
  }

  public double at1() {
    return share(at1);
  }

  public double at5() {
    return share(at5);
  }

  public double at10() {
    return share(at10);
  }

  public double mrr() {
    return tasks == 0 ? 0 : reciprocal / tasks;
  }

  private double share(int n) {
    return tasks == 0 ? 0 : (double) n / tasks;
  }
}
