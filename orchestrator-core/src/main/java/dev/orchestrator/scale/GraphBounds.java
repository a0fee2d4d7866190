package dev.orchestrator.scale;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the scaler needs from a plan's graph, computed once in O(N log N + E) so that the makespan
 * bound for {@code n} agents costs O(N ÷ n): total work, critical path, the work of critical tasks,
 * durations sorted longest first (overall and per level), each level's head and tail, per-type
 * statistics, and per-level type counts for combining per-type caps.
 *
 * <p>The bound, for {@code n} agents ({@code K} = critical tasks, which run alone):
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
 * <p>Every term is a lower bound on any schedule, so {@code T(n)} is one too: the default
 * estimate is optimistic, and the simulator replaces it when plugged in.
 */
final class GraphBounds {

  /** One task type's share of the plan. */
  record TypeStats(TaskType type, int tasks, int widest, long work) {}

  final int tasks;
  final long work;
  final long criticalPath;
  final long criticalWork;
  final int maxWidth;
  final int learned;
  /** Per type: its tasks whose duration is the plan's default (no estimate, nothing learned). */
  final Map<TaskType, Integer> defaults;
  private final long[] others;
  private final long[] othersPrefix;
  private final Map<TaskType, TypeStats> types;
  private final TaskType[] typeByIndex;
  private final int[] entryStart;
  private final int[] entryType;
  private final int[] entryCount;
  /** Levels by width, widest first; with their head, tail, work and sorted durations. */
  private final int[] widest;
  private final int[] levelStart;
  private final long[] levelHead;
  private final long[] levelTail;
  private final long[] levelWork;
  private final long[] levelDurations;
  private final long[] levelPrefix;

  private GraphBounds(Builder b) {
    this.tasks = b.n;
    this.work = b.work;
    this.criticalPath = b.criticalPath;
    this.criticalWork = b.criticalWork;
    this.maxWidth = b.maxWidth;
    this.learned = b.learned;
    this.defaults = Map.copyOf(b.defaults);
    this.others = b.others;
    this.othersPrefix = prefix(b.others);
    this.types = b.types;
    this.typeByIndex = b.typeByIndex;
    this.entryStart = b.entryStart;
    this.entryType = b.entryType;
    this.entryCount = b.entryCount;
    this.widest = b.widest;
    this.levelStart = b.levelStart;
    this.levelHead = b.levelHead;
    this.levelTail = b.levelTail;
    this.levelWork = b.levelWork;
    this.levelDurations = b.levelDurations;
    this.levelPrefix = prefix(b.levelDurations);
  }

  /**
   * The bounds of a plan.
   *
   * @param learnedDuration durations learned per type (null when none), for tasks the plan had no
   *     estimate for
   * @param generalAs the type to count GENERAL tasks as (the goal's type), or null
   */
  static GraphBounds of(Plan plan, Function<TaskType, Duration> learnedDuration,
      TaskType generalAs) {
    return new Builder(PlanInternals.graph(plan), learnedDuration, generalAs).build();
  }

  /** The lower bound T(n) of the class comment, in nanoseconds. */
  double lowerBound(long agents) {
    double rest = (double) (work - criticalWork) / agents;
    double bound = Math.max(criticalPath,
        criticalWork + Math.max(rest, jobs(others, othersPrefix, 0, others.length, agents)));
    for (int i = 0; i < widest.length; i++) {
      int l = widest[i];
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

  /** The plan's types, sorted by name. */
  Map<TaskType, TypeStats> types() {
    return types;
  }

  /**
   * The most agents the tasks can keep busy at once when each type may run at most {@code
   * caps[t]} tasks at once: {@code max over levels of Σ_t min(cap_t, count of t on the level)}.
   *
   * @param caps by type index (the order of {@link #types()})
   * @param reducedBy receives at [0] the index of the type whose cap removed the most tasks from
   *     the widest level, or -1 when the caps leave the graph's width as it is
   * @return the combined cap, at least 1
   */
  long combinedCap(long[] caps, int[] reducedBy) {
    long best = 0;
    long widest = 0;
    int widestReducer = -1;
    for (int l = 0; l + 1 < entryStart.length; l++) {
      long sum = 0;
      long width = 0;
      long loss = 0;
      int reducer = -1;
      for (int e = entryStart[l]; e < entryStart[l + 1]; e++) {
        int t = entryType[e];
        long capped = Math.min(caps[t], entryCount[e]);
        sum += capped;
        width += entryCount[e];
        if (entryCount[e] - capped > loss) {
          loss = entryCount[e] - capped;
          reducer = t;
        }
      }
      best = Math.max(best, sum);
      if (width > widest) {
        widest = width;
        widestReducer = reducer;
      }
    }
    reducedBy[0] = best < widest ? widestReducer : -1;
    return Math.max(1, best);
  }

  TaskType type(int index) {
    return typeByIndex[index];
  }

  private static long[] prefix(long[] values) {
    long[] sums = new long[values.length + 1];
    for (int i = 0; i < values.length; i++) {
      sums[i + 1] = saturatedAdd(sums[i], values[i]);
    }
    return sums;
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
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

  /** The one-time computation, in steps. */
  private static final class Builder {
    private final TaskGraph graph;
    private final int n;
    private final long[] duration;
    private final TaskType[] typeOf;
    private int learned;
    private final Map<TaskType, Integer> defaults = new LinkedHashMap<>();
    private long work;
    private long criticalPath;
    private long criticalWork;
    private int maxWidth;
    private long[] others;
    private Map<TaskType, TypeStats> types;
    private TaskType[] typeByIndex;
    private int[] entryStart;
    private int[] entryType;
    private int[] entryCount;
    private int[] widest = new int[0];
    private int[] levelStart = new int[1];
    private long[] levelHead = new long[0];
    private long[] levelTail = new long[0];
    private long[] levelWork = new long[0];
    private long[] levelDurations = new long[0];
    private int[] byLevel;
    private int[] byLevelStart;

    Builder(TaskGraph graph, Function<TaskType, Duration> learnedDuration, TaskType generalAs) {
      this.graph = graph;
      this.n = graph.size();
      this.duration = new long[n];
      this.typeOf = new TaskType[n];
      Map<TaskType, Long> learnedNanos = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        TaskSpec task = graph.task(i);
        TaskType type = task.type();
        typeOf[i] = generalAs != null && type.equals(TaskType.GENERAL) ? generalAs : type;
        duration[i] = graph.duration(i);
        if (graph.withoutEstimate() > 0 && !task.isGate()
            && graph.durationSource(i) == TaskGraph.DEFAULT) {
          long nanos = learnedNanos.computeIfAbsent(typeOf[i], t -> {
            Duration d = learnedDuration.apply(t);
            return d == null ? -1L : d.toNanos();
          });
          if (nanos >= 0) {
            duration[i] = nanos;
            learned++;
          } else {
            defaults.merge(typeOf[i], 1, Integer::sum);
          }
        }
      }
    }

    GraphBounds build() {
      totals();
      levels();
      typeCounts();
      if (graph.levelCount() > 1) {
        levelBounds();
      }
      return new GraphBounds(this);
    }

    private void totals() {
      int count = 0;
      for (int i = 0; i < n; i++) {
        work = saturatedAdd(work, duration[i]);
        if (graph.task(i).isCritical()) {
          criticalWork = saturatedAdd(criticalWork, duration[i]);
        } else {
          count++;
        }
      }
      others = new long[count];
      int o = 0;
      for (int i = 0; i < n; i++) {
        if (!graph.task(i).isCritical()) {
          others[o++] = duration[i];
        }
      }
      sortLongestFirst(others, 0, count);
      criticalPath = learned == 0 ? graph.criticalPathLength() : heads(new long[n]);
    }

    /** Earliest starts into {@code head}, in topological order; returns the critical path. */
    private long heads(long[] head) {
      long longest = 0;
      for (int k = 0; k < n; k++) {
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

    /** Tasks grouped by level (a counting sort). */
    private void levels() {
      int levels = graph.levelCount();
      byLevelStart = new int[levels + 1];
      for (int i = 0; i < n; i++) {
        byLevelStart[graph.level(i) + 1]++;
      }
      for (int l = 0; l < levels; l++) {
        byLevelStart[l + 1] += byLevelStart[l];
      }
      byLevel = new int[n];
      int[] fill = byLevelStart.clone();
      for (int i = 0; i < n; i++) {
        byLevel[fill[graph.level(i)]++] = i;
      }
    }

    /**
     * Per-type statistics and per-level (type, count) entries, over the tasks that run beside
     * others: critical tasks run alone and gates do no work, so neither adds concurrency.
     */
    private void typeCounts() {
      Map<TaskType, Integer> index = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        index.putIfAbsent(typeOf[i], 0);
      }
      typeByIndex = index.keySet().toArray(new TaskType[0]);
      for (int t = 0; t < typeByIndex.length; t++) {
        index.put(typeByIndex[t], t);
      }
      int types = typeByIndex.length;
      int[] typeIndex = new int[n];
      int[] typeTasks = new int[types];
      long[] typeWork = new long[types];
      for (int i = 0; i < n; i++) {
        int t = index.get(typeOf[i]);
        typeIndex[i] = t;
        typeTasks[t]++;
        typeWork[t] = saturatedAdd(typeWork[t], duration[i]);
      }
      int levels = graph.levelCount();
      int[] typeWidest = new int[types];
      int[] perType = new int[types];
      int[] touched = new int[types];
      entryStart = new int[levels + 1];
      entryType = new int[n]; // at most one entry per task
      entryCount = new int[n];
      int entries = 0;
      for (int l = 0; l < levels; l++) {
        entryStart[l] = entries;
        int touchedCount = 0;
        int width = 0;
        for (int k = byLevelStart[l]; k < byLevelStart[l + 1]; k++) {
          int task = byLevel[k];
          TaskSpec spec = graph.task(task);
          if (spec.isCritical() || spec.isGate()) {
            continue;
          }
          int t = typeIndex[task];
          if (perType[t]++ == 0) {
            touched[touchedCount++] = t;
          }
          width++;
        }
        maxWidth = Math.max(maxWidth, width);
        for (int j = 0; j < touchedCount; j++) {
          int t = touched[j];
          entryType[entries] = t;
          entryCount[entries++] = perType[t];
          typeWidest[t] = Math.max(typeWidest[t], perType[t]);
          perType[t] = 0;
        }
      }
      entryStart[levels] = entries;
      entryType = Arrays.copyOf(entryType, entries);
      entryCount = Arrays.copyOf(entryCount, entries);
      maxWidth = Math.max(1, maxWidth);
      this.types = new LinkedHashMap<>();
      for (int t = 0; t < types; t++) {
        this.types.put(typeByIndex[t],
            new TypeStats(typeByIndex[t], typeTasks[t], Math.max(1, typeWidest[t]), typeWork[t]));
      }
    }

    /** Heads, tails, work and sorted durations of every level, for the head–body–tail term. */
    private void levelBounds() {
      int levels = graph.levelCount();
      long[] head = new long[n];
      heads(head);
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
      levelStart = byLevelStart;
      levelHead = new long[levels];
      levelTail = new long[levels];
      levelWork = new long[levels];
      levelDurations = new long[n];
      Arrays.fill(levelHead, Long.MAX_VALUE);
      Arrays.fill(levelTail, Long.MAX_VALUE);
      for (int l = 0; l < levels; l++) {
        for (int k = byLevelStart[l]; k < byLevelStart[l + 1]; k++) {
          int task = byLevel[k];
          levelDurations[k] = duration[task];
          levelHead[l] = Math.min(levelHead[l], head[task]);
          levelTail[l] = Math.min(levelTail[l], tail[task]);
          levelWork[l] = saturatedAdd(levelWork[l], duration[task]);
        }
        sortLongestFirst(levelDurations, byLevelStart[l], byLevelStart[l + 1]);
      }
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

    private int width(int level) {
      return byLevelStart[level + 1] - byLevelStart[level];
    }
  }
}
