package dev.orchestrator.scale;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.MakespanBounds;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the scaler needs from a plan's graph, computed once in O(N log N + E): the makespan bound
 * T(n) of {@link MakespanBounds} (the one the order search, the simulator and the run use too), with
 * durations learned per type for tasks the plan had no estimate for; per-type statistics; and
 * per-level type counts for combining per-type caps.
 *
 * <p>T(n) is a lower bound on any schedule: the default estimate is optimistic, and the simulator
 * replaces it when plugged in.
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
  private final MakespanBounds bounds;
  private final Map<TaskType, TypeStats> types;
  private final TaskType[] typeByIndex;
  private final int[] entryStart;
  private final int[] entryType;
  private final int[] entryCount;

  private GraphBounds(Builder b) {
    this.bounds = b.bounds;
    this.tasks = bounds.tasks();
    this.work = bounds.work();
    this.criticalPath = bounds.criticalPath();
    this.criticalWork = bounds.criticalWork();
    this.maxWidth = b.maxWidth;
    this.learned = b.learned;
    this.defaults = Map.copyOf(b.defaults);
    this.types = b.types;
    this.typeByIndex = b.typeByIndex;
    this.entryStart = b.entryStart;
    this.entryType = b.entryType;
    this.entryCount = b.entryCount;
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

  /** The lower bound T(n) of {@link MakespanBounds}, in nanoseconds. */
  double lowerBound(long agents) {
    return bounds.lowerBound(agents);
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

  static long saturatedAdd(long a, long b) {
    return MakespanBounds.saturatedAdd(a, b);
  }

  /** The one-time computation, in steps. */
  private static final class Builder {
    private final TaskGraph graph;
    private final int n;
    private final long[] duration;
    private final TaskType[] typeOf;
    private int learned;
    private final Map<TaskType, Integer> defaults = new LinkedHashMap<>();
    private MakespanBounds bounds;
    private int maxWidth;
    private Map<TaskType, TypeStats> types;
    private TaskType[] typeByIndex;
    private int[] entryStart;
    private int[] entryType;
    private int[] entryCount;

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
      bounds = learned == 0 ? MakespanBounds.of(graph) : MakespanBounds.of(graph, duration);
      typeCounts();
      return new GraphBounds(this);
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
        for (int k = bounds.levelStart(l); k < bounds.levelStart(l + 1); k++) {
          int task = bounds.taskByLevel(k);
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
  }
}
