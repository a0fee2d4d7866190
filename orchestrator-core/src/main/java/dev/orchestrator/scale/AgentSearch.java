package dev.orchestrator.scale;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * Finds the smallest agent count {@code n ∈ [1, cap]} whose predicted total time is within a
 * tolerance of the best.
 *
 * <ul>
 *   <li>{@link #exhaustive}: every {@code n}; exact. For the built-in bound, which costs O(N ÷ n)
 *       per {@code n}, the whole scan costs O(N log cap).
 *   <li>{@link #gridThenRefine}: for an estimator too expensive to call for every {@code n} (the
 *       simulator): {@code 1..8}, then a geometric grid (ratio {@value #GRID_RATIO}) up to the cap,
 *       then finer sub-grids between the neighbours of the best point (with at most half the
 *       budget), then a bisection
 *       for the smallest {@code n} within tolerance below the first grid point that met it. The
 *       grid costs about {@code 8 + ln(cap ÷ 8) ÷ ln 1.25} calls (about 60 for a million), the rest at
 *       most {@code budget} more; the answer is exact when the predicted time falls
 *       steadily towards its minimum and is then flat or rising, and otherwise within the grid's
 *       resolution.
 * </ul>
 */
final class AgentSearch {

  static final double GRID_RATIO = 1.25;
  private static final int DENSE_START = 8;
  private static final int SUB_GRID = 8;

  /** The outcome: the chosen count, the best count and the times the search saw. */
  record Result(int chosen, double chosenTime, int best, double bestTime, int evaluations,
      boolean exact) {}

  private AgentSearch() {}

  static Result exhaustive(int cap, double tolerance, IntToDoubleFunction time) {
    int best = 1;
    double bestTime = time.applyAsDouble(1);
    for (int n = 2; n <= cap; n++) {
      double t = time.applyAsDouble(n);
      if (t < bestTime) {
        bestTime = t;
        best = n;
      }
    }
    double threshold = bestTime * (1 + tolerance);
    for (int n = 1; n <= best; n++) {
      double t = time.applyAsDouble(n);
      if (t <= threshold) {
        return new Result(n, t, best, bestTime, cap + n, true);
      }
    }
    throw new AssertionError("the best count always meets its own threshold");
  }

  static Result gridThenRefine(int cap, double tolerance, int budget, IntToDoubleFunction time) {
    TreeMap<Integer, Double> seen = new TreeMap<>();
    Evaluator eval = new Evaluator(seen, time);
    for (int n = 1; n <= Math.min(cap, DENSE_START); n++) {
      eval.at(n);
    }
    for (double x = DENSE_START * GRID_RATIO; x < cap; x *= GRID_RATIO) {
      eval.at((int) Math.round(x));
    }
    eval.at(cap);
    eval.limit = eval.calls + budget;

    // Refine: sub-grids between the best point's evaluated neighbours, until they are adjacent,
    // or pin the best time to a tenth of the tolerance, or use half the budget; the rest of the
    // budget is for the bisection below.
    int refineLimit = eval.calls + Math.max(1, budget / 2);
    while (eval.calls < refineLimit) {
      int best = argmin(seen);
      Integer below = seen.lowerKey(best);
      Integer above = seen.higherKey(best);
      int lo = below == null ? best : below;
      int hi = above == null ? best : above;
      double pinned = seen.get(best) * (1 + tolerance / 10);
      if (hi - lo <= 2 || (seen.get(lo) <= pinned && seen.get(hi) <= pinned)) {
        break;
      }
      boolean added = false;
      for (int k = 1; k <= SUB_GRID && eval.calls < refineLimit; k++) {
        int n = lo + (int) Math.round((double) (hi - lo) * k / (SUB_GRID + 1));
        added |= eval.at(n);
      }
      if (!added) {
        break;
      }
    }

    int best = argmin(seen);
    double bestTime = seen.get(best);
    double threshold = bestTime * (1 + tolerance);
    int chosen = best;
    for (Map.Entry<Integer, Double> entry : seen.entrySet()) {
      if (entry.getValue() <= threshold) {
        chosen = entry.getKey();
        break;
      }
    }
    // Bisect between the last evaluated count that missed the threshold and the first that met it.
    Integer miss = seen.lowerKey(chosen);
    int lo = miss == null ? chosen : miss;
    int hi = chosen;
    while (hi - lo > 1 && eval.hasBudget()) {
      int mid = lo + (hi - lo) / 2;
      eval.at(mid);
      if (seen.get(mid) <= threshold) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    chosen = hi;
    return new Result(chosen, seen.get(chosen), best, bestTime, eval.calls, false);
  }

  private static int argmin(TreeMap<Integer, Double> seen) {
    int best = seen.firstKey();
    for (Map.Entry<Integer, Double> entry : seen.entrySet()) {
      if (entry.getValue() < seen.get(best)) {
        best = entry.getKey();
      }
    }
    return best;
  }

  /** Calls the estimator once per count, and after the grid at most the budget more. */
  private static final class Evaluator {
    private final TreeMap<Integer, Double> seen;
    private final IntToDoubleFunction time;
    private int limit = Integer.MAX_VALUE;
    private int calls;

    Evaluator(TreeMap<Integer, Double> seen, IntToDoubleFunction time) {
      this.seen = seen;
      this.time = time;
    }

    /** Evaluates {@code n} unless done before; whether it was new. */
    boolean at(int n) {
      if (seen.containsKey(n)) {
        return false;
      }
      seen.put(n, time.applyAsDouble(n));
      calls++;
      return true;
    }

    boolean hasBudget() {
      return calls < limit;
    }
  }
}
