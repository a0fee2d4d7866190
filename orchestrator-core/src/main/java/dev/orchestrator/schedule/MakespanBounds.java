package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import java.util.Arrays;

/**
 * The one set of makespan bounds: what no schedule of a graph on {@code n} agents can beat. The
 * scaler compares agent counts with it, the order search stops when it reaches it, the simulator
 * reports it (and stands it in for plans too large to simulate), and the run falls back to it as
 * its estimate. Computed once in O(N log N + E), after which the bound for {@code n} agents costs
 * O(N ÷ n).
 *
 * <p>For {@code n} agents ({@code K} = critical tasks, which run alone):
 *
 * <pre>
 * T(n) = max( CP,
 *             W_K + max( (W − W_K) ÷ n, J(others, n) ),
 *             max over levels l of  H_l + max( W_l ÷ n, J(level l, n) ) + Q_l )
 * J(S, n) = max over k = 1 .. ⌊(|S| − 1) ÷ n⌋ of  p[kn−k+1] + … + p[kn+1]
 * </pre>
 *
 * <ul>
 *   <li>{@code J} is the job-count bound: with {@code p[1] ≥ p[2] ≥ …} the durations of a set of
 *       tasks, some agent runs at least {@code k + 1} of the {@code kn + 1} longest, one after
 *       another. It makes the bound exact for equal independent tasks ({@code ⌈N ÷ n⌉ × t}), where
 *       Brent's {@code max(CP, W ÷ n)} alone would say 9,804 agents finish 10,000 equal tasks only
 *       2 % later than 10,000 agents, instead of twice as late.
 *   <li>The level term is the head–body–tail bound on the tasks of one dependency level: none can
 *       start before {@code H_l} (the earliest start among them), all of their work {@code W_l}
 *       must be done by {@code n} agents, and after the last of them ends at least {@code Q_l} (the
 *       shortest path from any of them to the end) remains. Without it, a fan-out of 1,000 tasks
 *       behind a short first level would look finished by 505 agents in the time of the critical
 *       path. Only levels wider than {@code n} can beat {@code CP}, so only those are visited.
 * </ul>
 *
 * <p>Every term is a lower bound on any schedule, so {@code T(n)} is one too. Also here: the
 * makespan of longest-first list scheduling of independent tasks ({@link #longestFirstMakespan}),
 * the wave layout's per-wave estimate and an upper bound of the optimum.
 */
public final class MakespanBounds {

  private final int tasks;
  private final long work;
  private final long criticalPath;
  private final long criticalWork;
  private final long gcd;
  private final long[] others;
  private final long[] othersPrefix;
  /** Levels wider than one task, widest first; with their head, tail, work, sorted durations. */
  private final int[] widest;
  private final int[] levelStart;
  private final int[] byLevel;
  private final long[] levelHead;
  private final long[] levelTail;
  private final long[] levelWork;
  private final long[] levelDurations;
  private final long[] levelPrefix;

  /** The bounds of a graph with its planned durations, computed once per graph. */
  public static MakespanBounds of(TaskGraph graph) {
    return graph.derived(MakespanBounds.class, g -> {
      long[] duration = new long[g.size()];
      for (int t = 0; t < duration.length; t++) {
        duration[t] = g.duration(t);
      }
      return new MakespanBounds(g, duration, g.criticalPathLength());
    });
  }

  /**
   * The bounds of a graph with other durations (learned ones, say).
   *
   * @param duration by task, nanoseconds (not kept)
   */
  public static MakespanBounds of(TaskGraph graph, long[] duration) {
    if (duration.length != graph.size()) {
      throw new IllegalArgumentException(
          "durations for " + duration.length + " tasks, graph " + graph.size());
    }
    return new MakespanBounds(graph, duration.clone(), -1);
  }

  private MakespanBounds(TaskGraph graph, long[] duration, long knownCriticalPath) {
    int n = graph.size();
    this.tasks = n;
    long w = 0;
    long wk = 0;
    long g = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
      w = saturatedAdd(w, duration[i]);
      g = gcd(g, duration[i]);
      if (graph.task(i).isCritical()) {
        wk = saturatedAdd(wk, duration[i]);
      } else {
        count++;
      }
    }
    this.work = w;
    this.criticalWork = wk;
    this.gcd = g;
    others = new long[count];
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (!graph.task(i).isCritical()) {
        others[o++] = duration[i];
      }
    }
    sortLongestFirst(others, 0, count);
    othersPrefix = prefix(others);
    long[] head = new long[n];
    long cp = heads(graph, duration, head);
    this.criticalPath = knownCriticalPath >= 0 ? knownCriticalPath : cp;

    // Tasks grouped by level (a counting sort).
    int levels = graph.levelCount();
    levelStart = new int[levels + 1];
    for (int i = 0; i < n; i++) {
      levelStart[graph.level(i) + 1]++;
    }
    for (int l = 0; l < levels; l++) {
      levelStart[l + 1] += levelStart[l];
    }
    byLevel = new int[n];
    int[] fill = Arrays.copyOf(levelStart, levels);
    for (int i = 0; i < n; i++) {
      byLevel[fill[graph.level(i)]++] = i;
    }

    levelHead = new long[levels];
    levelTail = new long[levels];
    levelWork = new long[levels];
    levelDurations = new long[n];
    if (levels <= 1) {
      widest = new int[0];
      levelPrefix = new long[1];
      return;
    }
    long[] tail = new long[n]; // longest path after the task ends, in reverse topological order
    for (int k = n - 1; k >= 0; k--) {
      int v = graph.topological(k);
      long after = 0;
      for (int e = graph.successorStart(v); e < graph.successorEnd(v); e++) {
        int s = graph.successor(e);
        after = Math.max(after, saturatedAdd(duration[s], tail[s]));
      }
      tail[v] = after;
    }
    Arrays.fill(levelHead, Long.MAX_VALUE);
    Arrays.fill(levelTail, Long.MAX_VALUE);
    for (int l = 0; l < levels; l++) {
      for (int k = levelStart[l]; k < levelStart[l + 1]; k++) {
        int task = byLevel[k];
        levelDurations[k] = duration[task];
        levelHead[l] = Math.min(levelHead[l], head[task]);
        levelTail[l] = Math.min(levelTail[l], tail[task]);
        levelWork[l] = saturatedAdd(levelWork[l], duration[task]);
      }
      sortLongestFirst(levelDurations, levelStart[l], levelStart[l + 1]);
    }
    levelPrefix = prefix(levelDurations);
    Integer[] order = new Integer[levels];
    for (int l = 0; l < levels; l++) {
      order[l] = l;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(width(b), width(a)));
    int wide = 0;
    while (wide < levels && width(order[wide]) > 1) {
      wide++; // a level of one task is never wider than n
    }
    widest = new int[wide];
    for (int i = 0; i < wide; i++) {
      widest[i] = order[i];
    }
  }

  /** Earliest starts into {@code head}, in topological order; returns the critical path. */
  private static long heads(TaskGraph graph, long[] duration, long[] head) {
    long longest = 0;
    for (int k = 0, n = graph.size(); k < n; k++) {
      int v = graph.topological(k);
      long start = 0;
      for (int e = graph.predecessorStart(v); e < graph.predecessorEnd(v); e++) {
        int p = graph.predecessor(e);
        start = Math.max(start, saturatedAdd(head[p], duration[p]));
      }
      head[v] = start;
      longest = Math.max(longest, saturatedAdd(start, duration[v]));
    }
    return longest;
  }

  private int width(int level) {
    return levelStart[level + 1] - levelStart[level];
  }

  /** T(n) of the class comment, in nanoseconds. */
  public double lowerBound(long agents) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agents);
    }
    double rest = (double) (work - criticalWork) / agents;
    double bound = Math.max(criticalPath,
        criticalWork + Math.max(rest, jobs(others, othersPrefix, 0, others.length, agents)));
    for (int l : widest) {
      int from = levelStart[l];
      int size = levelStart[l + 1] - from;
      if (size <= agents) {
        break; // levels are sorted widest first; no narrower one can beat the critical path
      }
      double body = Math.max((double) levelWork[l] / agents,
          jobs(levelDurations, levelPrefix, from, size, agents));
      bound = Math.max(bound, levelHead[l] + body + levelTail[l]);
    }
    return bound;
  }

  /**
   * T(n) in whole nanoseconds, rounded up: no schedule on {@code agents} agents finishes sooner.
   * (Rounding the double up never passes the exact bound's ceiling: every term is at most an
   * integer representable as a double.)
   */
  public long atLeast(long agents) {
    return (long) Math.ceil(lowerBound(agents));
  }

  /**
   * {@link #atLeast} rounded up to a multiple of the greatest common divisor g of the durations:
   * every start and finish of a list schedule is a sum of durations, so a multiple of g, and so is
   * its makespan. The order search stops there (1,000 equal tasks on 7 agents: 143 tasks' time).
   */
  public long ofListSchedules(long agents) {
    long bound = atLeast(agents);
    return gcd > 1 ? (bound + gcd - 1) / gcd * gcd : bound;
  }

  /**
   * J: the job-count bound of {@code size} durations sorted longest first from {@code from}
   * (0 when there are none).
   */
  private static double jobs(long[] sorted, long[] prefix, int from, int size, long agents) {
    if (size == 0) {
      return 0;
    }
    double best = sorted[from];
    if (agents < size) {
      long kMax = (size - 1) / agents;
      for (long k = 1; k <= kMax; k++) {
        int last = from + (int) (k * agents); // the (kn+1)-th longest
        best = Math.max(best, (double) (prefix[last + 1] - prefix[(int) (last - k)]));
      }
    }
    return best;
  }

  /** Tasks. */
  public int tasks() {
    return tasks;
  }

  /** W: the total work. */
  public long work() {
    return work;
  }

  /** CP: the longest chain of durations. */
  public long criticalPath() {
    return criticalPath;
  }

  /** W_K: the work of critical tasks, which run alone. */
  public long criticalWork() {
    return criticalWork;
  }

  /** The tasks grouped by dependency level: those of level l at [levelStart(l), levelStart(l + 1)). */
  public int levelStart(int level) {
    return levelStart[level];
  }

  /** The k-th task in level order. */
  public int taskByLevel(int k) {
    return byLevel[k];
  }

  /**
   * The makespan of independent tasks on {@code agents} agents when each free agent takes the
   * longest remaining task (LPT list scheduling): what the policy does with independent tasks.
   *
   * @param durations the task durations in nanoseconds (not changed)
   * @param agents the number of agents, at least 1
   * @return the time the last task finishes
   */
  public static long longestFirstMakespan(long[] durations, int agents) {
    int n = durations.length;
    if (n == 0) {
      return 0;
    }
    long max = 0;
    long min = Long.MAX_VALUE;
    for (long d : durations) {
      max = Math.max(max, d);
      min = Math.min(min, d);
    }
    if (agents >= n) {
      return max;
    }
    if (min == max) { // the common case of equal tasks: whole rounds of `agents` tasks
      return ((n + agents - 1) / agents) * max;
    }
    long[] sorted = durations.clone();
    Arrays.sort(sorted);
    long[] heap = new long[agents]; // min-heap of agent finish times, all idle at 0
    for (int k = n - 1; k >= 0; k--) {
      heap[0] += sorted[k];
      siftDown(heap, agents);
    }
    long makespan = 0;
    for (long load : heap) {
      makespan = Math.max(makespan, load);
    }
    return makespan;
  }

  private static void siftDown(long[] heap, int size) {
    int i = 0;
    long value = heap[0];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= value) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }

  private static long[] prefix(long[] values) {
    long[] sums = new long[values.length + 1];
    for (int i = 0; i < values.length; i++) {
      sums[i + 1] = saturatedAdd(sums[i], values[i]);
    }
    return sums;
  }

  /** a + b, or Long.MAX_VALUE when that overflows. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /** Sorts {@code values[from, to)} longest first. */
  private static void sortLongestFirst(long[] values, int from, int to) {
    Arrays.sort(values, from, to);
    for (int i = from, j = to - 1; i < j; i++, j--) {
      long t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
