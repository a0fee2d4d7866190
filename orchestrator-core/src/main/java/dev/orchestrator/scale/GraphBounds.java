package dev.orchestrator.scale;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.internal.PlanInternals;
import dev.orchestrator.plan.internal.TaskGraph;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the scaler needs from a plan's graph, computed once in O(N log N) so that the makespan
 * bound for any agent count costs O(N ÷ n): total work, critical path, the work of critical tasks,
 * the other tasks' durations sorted, per-type statistics, and per-level type counts for combining
 * per-type caps.
 *
 * <p>The bound, for {@code n} agents ({@code K} = critical tasks, which run alone):
 *
 * <pre>
 * T(n) = max( CP,  W_K + max( (W − W_K) ÷ n,  J(n) ) )
 * J(n) = max over k = 1 .. ⌊(M − 1) ÷ n⌋ of  p[kn−k+1] + … + p[kn+1]
 * </pre>
 *
 * where {@code p[1] ≥ p[2] ≥ … ≥ p[M]} are the durations of the {@code M} other tasks. {@code J}
 * is the classic job-count bound: among the {@code kn + 1} longest tasks some agent runs at least
 * {@code k + 1}, one after another. It makes the bound exact for equal independent tasks ({@code
 * ⌈N ÷ n⌉ × t}), where Brent's {@code max(CP, W ÷ n)} alone would say 9,804 agents finish 10,000
 * equal tasks 2 % later than 10,000 agents instead of twice as late.
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
  private final long[] longestFirst;
  private final long[] prefix;
  private final Map<TaskType, TypeStats> types;
  private final TaskType[] typeByIndex;
  private final int[] levelStart;
  private final int[] entryType;
  private final int[] entryCount;

  private GraphBounds(int tasks, long work, long criticalPath, long criticalWork, int maxWidth,
      int learned, long[] longestFirst, Map<TaskType, TypeStats> types, TaskType[] typeByIndex,
      int[] levelStart, int[] entryType, int[] entryCount) {
    this.tasks = tasks;
    this.work = work;
    this.criticalPath = criticalPath;
    this.criticalWork = criticalWork;
    this.maxWidth = maxWidth;
    this.learned = learned;
    this.longestFirst = longestFirst;
    this.prefix = new long[longestFirst.length + 1];
    for (int i = 0; i < longestFirst.length; i++) {
      prefix[i + 1] = saturatedAdd(prefix[i], longestFirst[i]);
    }
    this.types = types;
    this.typeByIndex = typeByIndex;
    this.levelStart = levelStart;
    this.entryType = entryType;
    this.entryCount = entryCount;
  }

  /**
   * The bounds of a plan.
   *
   * @param learnedDuration durations learned per type, used for tasks the plan had no estimate for
   * @param generalAs the type to count GENERAL tasks as (the goal's type), or null
   */
  static GraphBounds of(Plan plan, Function<TaskType, Duration> learnedDuration,
      TaskType generalAs) {
    TaskGraph graph = PlanInternals.graph(plan);
    int n = graph.size();
    long[] duration = new long[n];
    Map<TaskType, Long> learnedNanos = new LinkedHashMap<>();
    int learned = 0;
    TaskType[] typeOf = new TaskType[n];
    for (int i = 0; i < n; i++) {
      TaskSpec task = graph.task(i);
      TaskType type = task.type();
      typeOf[i] = generalAs != null && type.equals(TaskType.GENERAL) ? generalAs : type;
      duration[i] = graph.duration(i);
      if (graph.withoutEstimate() > 0 && !task.isGate() && task.estimate().isEmpty()) {
        Long nanos = learnedNanos.computeIfAbsent(typeOf[i], t -> {
          Duration d = learnedDuration.apply(t);
          return d == null ? -1L : d.toNanos();
        });
        if (nanos >= 0) {
          duration[i] = nanos;
          learned++;
        }
      }
    }
    long criticalPath = learned == 0 ? graph.criticalPathLength() : longestPath(graph, duration);

    long work = 0;
    long criticalWork = 0;
    int others = 0;
    for (int i = 0; i < n; i++) {
      work = saturatedAdd(work, duration[i]);
      if (graph.task(i).isCritical()) {
        criticalWork = saturatedAdd(criticalWork, duration[i]);
      } else {
        others++;
      }
    }
    long[] longestFirst = new long[others];
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (!graph.task(i).isCritical()) {
        longestFirst[o++] = duration[i];
      }
    }
    Arrays.sort(longestFirst);
    for (int i = 0, j = others - 1; i < j; i++, j--) {
      long t = longestFirst[i];
      longestFirst[i] = longestFirst[j];
      longestFirst[j] = t;
    }

    // Per-type statistics and per-level (type, count) entries over the tasks that run beside
    // others: critical tasks run alone and gates do no work, so neither adds concurrency.
    Map<TaskType, Integer> index = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      index.putIfAbsent(typeOf[i], 0);
    }
    TaskType[] typeByIndex = index.keySet().toArray(new TaskType[0]);
    for (int t = 0; t < typeByIndex.length; t++) {
      index.put(typeByIndex[t], t);
    }
    int[] typeIndex = new int[n];
    int[] typeTasks = new int[typeByIndex.length];
    long[] typeWork = new long[typeByIndex.length];
    for (int i = 0; i < n; i++) {
      int t = index.get(typeOf[i]);
      typeIndex[i] = t;
      typeTasks[t]++;
      typeWork[t] = saturatedAdd(typeWork[t], duration[i]);
    }
    int levels = graph.levelCount();
    int[] byLevelStart = new int[levels + 1];
    for (int i = 0; i < n; i++) {
      byLevelStart[graph.level(i) + 1]++;
    }
    for (int l = 0; l < levels; l++) {
      byLevelStart[l + 1] += byLevelStart[l];
    }
    int[] byLevel = new int[n];
    int[] fill = byLevelStart.clone();
    for (int i = 0; i < n; i++) {
      byLevel[fill[graph.level(i)]++] = i;
    }
    int[] typeWidest = new int[typeByIndex.length];
    int[] perType = new int[typeByIndex.length];
    int[] touched = new int[typeByIndex.length];
    int[] levelStart = new int[levels + 1];
    int[] entryType = new int[n]; // at most one entry per task
    int[] entryCount = new int[n];
    int entries = 0;
    int maxWidth = 0;
    for (int l = 0; l < levels; l++) {
      levelStart[l] = entries;
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
    levelStart[levels] = entries;
    entryType = Arrays.copyOf(entryType, entries);
    entryCount = Arrays.copyOf(entryCount, entries);
    Map<TaskType, TypeStats> types = new LinkedHashMap<>();
    for (int t = 0; t < typeByIndex.length; t++) {
      types.put(typeByIndex[t],
          new TypeStats(typeByIndex[t], typeTasks[t], Math.max(1, typeWidest[t]), typeWork[t]));
    }
    return new GraphBounds(n, work, criticalPath, criticalWork, Math.max(1, maxWidth), learned,
        longestFirst, types, typeByIndex, levelStart, entryType, entryCount);
  }

  /** The critical path with these durations, in topological order. */
  private static long longestPath(TaskGraph graph, long[] duration) {
    int n = graph.size();
    long[] finish = new long[n];
    long longest = 0;
    for (int k = 0; k < n; k++) {
      int v = graph.topological(k);
      long start = 0;
      for (int e = graph.predecessorStart(v); e < graph.predecessorEnd(v); e++) {
        start = Math.max(start, finish[graph.predecessor(e)]);
      }
      finish[v] = saturatedAdd(start, duration[v]);
      longest = Math.max(longest, finish[v]);
    }
    return longest;
  }

  /** The lower bound T(n) of the class comment, in nanoseconds. */
  double lowerBound(long agents) {
    int m = longestFirst.length;
    double rest = (double) (work - criticalWork) / agents;
    double jobs = m == 0 ? 0 : longestFirst[0];
    if (agents < m) {
      long kMax = (m - 1) / agents;
      for (long k = 1; k <= kMax; k++) {
        int last = (int) (k * agents); // 0-based index of the (kn+1)-th longest
        jobs = Math.max(jobs, (double) (prefix[last + 1] - prefix[(int) (last - k)]));
      }
    }
    return Math.max(criticalPath, criticalWork + Math.max(rest, jobs));
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
   * @return the combined cap, and in {@code reducedBy} the index of the type whose cap cost the
   *     most at the level that set it (-1 if no cap reduced anything)
   */
  long combinedCap(long[] caps, int[] reducedBy) {
    long best = 0;
    int bestReducer = -1;
    for (int l = 0; l + 1 < levelStart.length; l++) {
      long sum = 0;
      long loss = 0;
      int reducer = -1;
      for (int e = levelStart[l]; e < levelStart[l + 1]; e++) {
        int t = entryType[e];
        long capped = Math.min(caps[t], entryCount[e]);
        sum += capped;
        if (entryCount[e] - capped > loss) {
          loss = entryCount[e] - capped;
          reducer = t;
        }
      }
      if (sum > best) {
        best = sum;
        bestReducer = reducer;
      }
    }
    reducedBy[0] = bestReducer;
    return Math.max(1, best);
  }

  TaskType type(int index) {
    return typeByIndex[index];
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
