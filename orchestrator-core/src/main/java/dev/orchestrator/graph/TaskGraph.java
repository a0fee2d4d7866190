package dev.orchestrator.graph;

import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The validated task graph in int-indexed form: tasks by index, predecessors and successors as
 * compressed adjacency arrays, and the per-task numbers every stage needs (duration, level, rank).
 *
 * <p>Built in time linear in tasks + edges (Kahn's algorithm for the order, one forward pass for
 * levels and the critical path, one backward pass for ranks). Immutable after construction; the
 * arrays are never handed out.
 */
public final class TaskGraph {

  private static final DependencyKind[] KINDS = DependencyKind.values();

  private final TaskSpec[] tasks;
  private final IdIndex index;
  private final int[] predStart;
  private final int[] pred;
  private final byte[] predKind; // null when every edge is HARD, as in most plans
  private final int[] succStart;
  private final int[] succ;
  private final byte[] succKind; // null when predKind is
  private final long[] duration;
  private final int[] level;
  private final long[] rank;
  private final int[] topologicalOrder;
  private final int[] levelWidth;
  private final int[] criticalPath;
  private final long totalWork;
  private final long criticalPathLength;
  private final int withoutEstimate;
  private final byte[] source; // where each duration came from; null: estimate or default
  // Data derived from the graph alone by the scheduling core (wave index, priority orders chosen
  // per agent count and dispatch settings): the preview's simulation and the run of the same plan
  // need the same values, and computing them is the expensive part of both.
  private final ConcurrentHashMap<Object, Object> derived = new ConcurrentHashMap<>();

  /** A duration given by the task's estimate. */
  public static final byte ESTIMATE = 0;
  /** A duration that is the plan's default: no estimate and nothing learned. */
  public static final byte DEFAULT = 1;
  /** A duration learned for this task id. */
  public static final byte LEARNED_TASK = 2;
  /** A duration learned for the task's name pattern. */
  public static final byte LEARNED_PATTERN = 3;
  /** A duration learned for the task's type. */
  public static final byte LEARNED_TYPE = 4;

  private TaskGraph(TaskSpec[] tasks, IdIndex index, int[] predStart, int[] pred, byte[] predKind,
      long[] duration, int withoutEstimate) {
    this(tasks, index, predStart, pred, predKind, duration, withoutEstimate, null);
  }

  private TaskGraph(TaskSpec[] tasks, IdIndex index, int[] predStart, int[] pred, byte[] predKind,
      long[] duration, int withoutEstimate, byte[] source) {
    this.source = source;
    this.tasks = tasks;
    this.index = index;
    this.predStart = predStart;
    this.pred = pred;
    this.predKind = predKind;
    this.duration = duration;
    this.withoutEstimate = withoutEstimate;
    int n = tasks.length;

    // Successor lists: count, prefix-sum, fill (in predecessor order, so repeatable).
    int edges = pred.length;
    this.succStart = new int[n + 1];
    for (int e = 0; e < edges; e++) {
      succStart[pred[e] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      succStart[i + 1] += succStart[i];
    }
    this.succ = new int[edges];
    this.succKind = predKind == null ? null : new byte[edges];
    int[] fill = new int[n];
    for (int v = 0; v < n; v++) {
      for (int e = predStart[v]; e < predStart[v + 1]; e++) {
        int u = pred[e];
        int slot = succStart[u] + fill[u]++;
        succ[slot] = v;
        if (predKind != null) {
          succKind[slot] = predKind[e];
        }
      }
    }

    // Kahn's algorithm; levels and earliest finish times ride along in topological order.
    int[] inDegree = fill; // reuse: becomes the number of unfinished predecessors
    for (int v = 0; v < n; v++) {
      inDegree[v] = predStart[v + 1] - predStart[v];
    }
    int[] order = new int[n];
    int head = 0;
    int tail = 0;
    for (int v = 0; v < n; v++) {
      if (inDegree[v] == 0) {
        order[tail++] = v;
      }
    }
    this.level = new int[n];
    long[] finish = new long[n];
    while (head < tail) {
      int u = order[head++];
      long start = 0;
      int lvl = 0;
      for (int e = predStart[u]; e < predStart[u + 1]; e++) {
        int p = pred[e];
        start = Math.max(start, finish[p]);
        lvl = Math.max(lvl, level[p] + 1);
      }
      finish[u] = start + duration[u];
      level[u] = lvl;
      for (int e = succStart[u]; e < succStart[u + 1]; e++) {
        int v = succ[e];
        if (--inDegree[v] == 0) {
          order[tail++] = v;
        }
      }
    }
    if (tail < n) {
      throw new GraphCycleException(findCycle(inDegree));
    }
    this.topologicalOrder = order;

    // Ranks (longest path from a task to the end, its own duration included), backwards.
    this.rank = new long[n];
    for (int k = n - 1; k >= 0; k--) {
      int u = order[k];
      long longest = 0;
      for (int e = succStart[u]; e < succStart[u + 1]; e++) {
        longest = Math.max(longest, rank[succ[e]]);
      }
      rank[u] = duration[u] + longest;
    }

    long work = 0;
    int levels = 0;
    int last = -1;
    long cp = 0;
    for (int v = 0; v < n; v++) {
      work += duration[v];
      levels = Math.max(levels, level[v] + 1);
      if (last < 0 || finish[v] > cp) {
        cp = finish[v];
        last = v;
      }
    }
    this.totalWork = work;
    this.criticalPathLength = cp;
    this.levelWidth = new int[levels];
    for (int v = 0; v < n; v++) {
      levelWidth[level[v]]++;
    }
    this.criticalPath = last < 0 ? new int[0] : tracePath(last, finish);
  }

  /**
   * Validates and indexes tasks.
   *
   * @param specs the tasks, in plan order
   * @param defaultEstimate the duration of tasks without an estimate
   * @throws IllegalArgumentException on a duplicate id or an unknown dependency, naming the task
   * @throws GraphCycleException if the dependencies form a cycle
   */
  public static TaskGraph of(List<TaskSpec> specs, Duration defaultEstimate) {
    int n = specs.size();
    TaskSpec[] tasks = specs.toArray(new TaskSpec[0]);
    IdIndex index = new IdIndex(n);
    int edges = 0;
    for (int i = 0; i < n; i++) {
      TaskSpec task = tasks[i];
      if (task == null) {
        throw new IllegalArgumentException("task #" + i + " of the plan is null");
      }
      int previous = index.putIfAbsent(task.id(), i);
      if (previous >= 0) {
        throw new IllegalArgumentException(
            "duplicate task id '" + task.id() + "': tasks #" + previous + " and #" + i
                + " both use it; task ids must be unique within a plan");
      }
      edges += task.dependencies().size();
    }
    int[] predStart = new int[n + 1];
    int[] pred = new int[edges];
    byte[] predKind = null; // made at the first edge that is not HARD
    long[] duration = new long[n];
    long defaultNanos = defaultEstimate.toNanos();
    int withoutEstimate = 0;
    int e = 0;
    for (int i = 0; i < n; i++) {
      TaskSpec task = tasks[i];
      predStart[i] = e;
      List<Dependency> dependencies = task.dependencies();
      for (int k = 0, count = dependencies.size(); k < count; k++) {
        Dependency dependency = dependencies.get(k);
        int on = index.get(dependency.on());
        if (on < 0) {
          throw new IllegalArgumentException(
              "task '" + task.id() + "' depends on unknown task '" + dependency.on() + "'");
        }
        pred[e] = on;
        if (dependency.kind() != DependencyKind.HARD) {
          if (predKind == null) {
            predKind = new byte[edges];
          }
          predKind[e] = (byte) dependency.kind().ordinal();
        }
        e++;
      }
      Duration estimate = task.estimate().orElse(null);
      if (estimate == null) {
        duration[i] = task.isGate() ? 0 : defaultNanos;
        withoutEstimate += task.isGate() ? 0 : 1;
      } else {
        duration[i] = saturatedNanos(estimate);
      }
    }
    predStart[n] = e;
    return new TaskGraph(tasks, index, predStart, pred, predKind, duration, withoutEstimate);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 4;
    }
  }

  private List<String> findCycle(int[] remaining) {
    // Every task left with remaining > 0 has a predecessor that is also left: walk predecessors
    // until a task repeats; the walk from its first visit on is a cycle (in reverse order).
    int n = tasks.length;
    int start = -1;
    for (int v = 0; v < n && start < 0; v++) {
      if (remaining[v] > 0) {
        start = v;
      }
    }
    int[] seenAt = new int[n];
    java.util.Arrays.fill(seenAt, -1);
    List<Integer> walk = new ArrayList<>();
    int v = start;
    while (seenAt[v] < 0) {
      seenAt[v] = walk.size();
      walk.add(v);
      int next = -1;
      for (int e = predStart[v]; e < predStart[v + 1]; e++) {
        if (remaining[pred[e]] > 0) {
          next = pred[e];
          break;
        }
      }
      v = next;
    }
    List<Integer> loop = new ArrayList<>(walk.subList(seenAt[v], walk.size()));
    Collections.reverse(loop); // predecessors first: execution order
    int first = loop.indexOf(Collections.min(loop)); // start at the earliest task in plan order
    Collections.rotate(loop, -first);
    List<String> ids = new ArrayList<>(loop.size() + 1);
    for (int t : loop) {
      ids.add(tasks[t].id());
    }
    ids.add(ids.get(0));
    return ids;
  }

  private int[] tracePath(int last, long[] finish) {
    List<Integer> path = new ArrayList<>();
    int v = last;
    while (v >= 0) {
      path.add(v);
      long start = finish[v] - duration[v];
      int next = -1;
      for (int e = predStart[v]; e < predStart[v + 1]; e++) {
        int p = pred[e];
        if (finish[p] == start && (next < 0 || level[p] > level[next])) {
          next = p;
        }
      }
      v = next;
    }
    int[] result = new int[path.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = path.get(result.length - 1 - i);
    }
    return result;
  }

  /** The number of tasks. */
  public int size() {
    return tasks.length;
  }

  /** The number of dependency edges. */
  public int edgeCount() {
    return pred.length;
  }

  public TaskSpec task(int i) {
    return tasks[i];
  }

  public String id(int i) {
    return tasks[i].id();
  }

  /** The index of a task id, or -1. */
  public int indexOf(String id) {
    return index.get(id);
  }

  public int predecessorStart(int i) {
    return predStart[i];
  }

  public int predecessorEnd(int i) {
    return predStart[i + 1];
  }

  /** The predecessor at edge slot {@code e} (between {@link #predecessorStart} and end). */
  public int predecessor(int e) {
    return pred[e];
  }

  public DependencyKind predecessorKind(int e) {
    return predKind == null ? DependencyKind.HARD : KINDS[predKind[e]];
  }

  public int successorStart(int i) {
    return succStart[i];
  }

  public int successorEnd(int i) {
    return succStart[i + 1];
  }

  /** The successor at edge slot {@code e} (between {@link #successorStart} and end). */
  public int successor(int e) {
    return succ[e];
  }

  public DependencyKind successorKind(int e) {
    return succKind == null ? DependencyKind.HARD : KINDS[succKind[e]];
  }

  public int inDegree(int i) {
    return predStart[i + 1] - predStart[i];
  }

  public int outDegree(int i) {
    return succStart[i + 1] - succStart[i];
  }

  /** The planned duration in nanoseconds (the estimate, or the default). */
  public long duration(int i) {
    return duration[i];
  }

  /** The dependency level: 0 for tasks without dependencies, else 1 + the highest of theirs. */
  public int level(int i) {
    return level[i];
  }

  /**
   * The critical-path rank: the longest path from the start of this task to the end of the graph,
   * its own duration included, in nanoseconds.
   */
  public long rank(int i) {
    return rank[i];
  }

  /** The i-th task in a topological order (Kahn's, sources in plan order first). */
  public int topological(int k) {
    return topologicalOrder[k];
  }

  public int levelCount() {
    return levelWidth.length;
  }

  public int levelWidth(int level) {
    return levelWidth[level];
  }

  public long totalWork() {
    return totalWork;
  }

  public long criticalPathLength() {
    return criticalPathLength;
  }

  /** The tasks on one critical path, in execution order. */
  public int[] criticalPath() {
    return criticalPath.clone();
  }

  /**
   * This graph with other durations (the duration model's: learned ones replacing estimates or
   * defaults), levels, ranks and the critical path recomputed. Linear in tasks + edges.
   *
   * @param durations the new duration of each task, in nanoseconds
   * @param sources where each came from ({@link #ESTIMATE}, {@link #DEFAULT}, {@link
   *     #LEARNED_TASK}, {@link #LEARNED_PATTERN}, {@link #LEARNED_TYPE})
   */
  public TaskGraph withDurations(long[] durations, byte[] sources) {
    if (durations.length != tasks.length || sources.length != tasks.length) {
      throw new IllegalArgumentException("durations and sources must have one entry per task ("
          + tasks.length + "): " + durations.length + ", " + sources.length);
    }
    int defaults = 0;
    for (int i = 0; i < tasks.length; i++) {
      defaults += sources[i] == DEFAULT && !tasks[i].isGate() ? 1 : 0;
    }
    return new TaskGraph(tasks, index, predStart, pred, predKind, durations.clone(), defaults,
        sources.clone());
  }

  /** Where the duration of task {@code i} came from: {@link #ESTIMATE}, {@link #DEFAULT}, …. */
  public byte durationSource(int i) {
    if (source != null) {
      return source[i];
    }
    return tasks[i].estimate().isPresent() || tasks[i].isGate() ? ESTIMATE : DEFAULT;
  }

  /** How many tasks had no estimate and got the default (nothing learned for them either). */
  public int withoutEstimate() {
    return withoutEstimate;
  }

  /**
   * A value derived from this graph alone, computed on first use and kept with the graph: every run
   * and simulation of a plan needs the same wave index and priority orders (the order search
   * simulates hundreds of times). Two threads may both compute a missing value; they compute the
   * same one, and either is kept. At most 64 values are kept (a plan is run with a few agent
   * counts, not thousands); past that, values are computed on every call.
   *
   * @param key what the value is (its class, or a record of the settings it depends on)
   * @param compute computes the value from this graph
   */
  public <T> T derived(Object key, Function<TaskGraph, T> compute) {
    @SuppressWarnings("unchecked")
    T value = (T) derived.get(key);
    if (value == null) {
      value = compute.apply(this);
      if (derived.size() < 64) {
        derived.putIfAbsent(key, value);
      }
    }
    return value;
  }
}
