package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scheduling policy: which ready task goes next. One policy serves the wave estimates, the
 * simulator and the real scheduler, so that estimates and runs cannot drift apart.
 *
 * <p>Order among ready tasks: priority class first (with ageing, see {@link Dispatcher}), then the
 * task's position in the plan's <em>priority order</em>. The priority order is chosen once per run,
 * for the number of agents that run it, by {@link #order}:
 *
 * <ol>
 *   <li>the critical-path rule (HLFET): longest remaining path first ({@link TaskGraph#rank(int)}),
 *       then plan order. For independent tasks the rank is the task's own duration, so the rule
 *       becomes "longest first", whose makespan {@link #longestFirstMakespan(long[], int)} computes;
 *   <li>for plans of up to {@value #SEARCH_LIMIT} tasks of which at least one has an estimate, a
 *       few more list-scheduling rules (CP/MISF:
 *       ties broken by most successors; longest task first among equal ranks; earliest start
 *       first), then a local search: random moves of a few tasks' positions in the best order so
 *       far, kept when they do not lengthen the makespan, with forward-backward improvement every
 *       eighth try. Every candidate runs on a virtual clock through the same {@link Dispatcher}
 *       the real scheduler uses. The order with the shortest makespan wins (the first found on
 *       ties); the search stops as soon as an order reaches the lower bound {@code max(CP, W /
 *       agents)} (with {@code W / agents} rounded up to a multiple of the durations' greatest
 *       common divisor, see {@link #searchBound}), which no schedule can beat, or after {@value
 *       #MAX_TRIES} orders or {@value #SEARCH_BUDGET} simulated dispatches.
 * </ol>
 *
 * <p>The chosen order is then THE order of the run: the real scheduler starts ready tasks in exactly
 * this order, so a run whose tasks take their planned durations follows the simulated schedule.
 * The search is deterministic (seeded by the plan's size and the agent count), so the simulator and
 * the run arrive at the same order independently.
 */
public final class SchedulingPolicy {

  /** Plans larger than this use the critical-path rule without a search. */
  public static final int SEARCH_LIMIT = 5_000;

  /**
   * The most tasks and edges the search simulates, summed over every order it tries (each try
   * costs the plan's tasks + edges + 1): the full 1,000 orders for plans of up to 2,000 tasks and
   * edges (every STG benchmark graph), about 300 for the 2,209-task deploy scenario (well under a
   * second on a 2-core machine). The chosen order is kept with the graph, so a plan's preview and
   * its run search once.
   */
  static final long SEARCH_BUDGET = 2_000_000;

  /** The most orders the search tries. */
  static final int MAX_TRIES = 1_000;

  private SchedulingPolicy() {}

  /**
   * A priority order chosen for a plan and an agent count.
   *
   * @param order position to task: the task at position 0 goes first among equals
   * @param rule the rule that produced it, for explanations
   * @param makespan its simulated makespan in nanoseconds, or -1 if it was not simulated
   */
  public record Order(int[] order, String rule, long makespan) {}

  /**
   * The critical-path order: rank descending, then plan order. Linear when the plan order already
   * agrees (chains, fan-out/fan-in, equal independent tasks), else O(n log n) on primitives.
   */
  public static int[] criticalPathOrder(TaskGraph graph) {
    int n = graph.size();
    int[] order = new int[n];
    boolean sorted = true;
    for (int t = 1; t < n && sorted; t++) {
      sorted = graph.rank(t) <= graph.rank(t - 1);
    }
    if (sorted) {
      for (int t = 0; t < n; t++) {
        order[t] = t;
      }
      return order;
    }
    long[] ranks = new long[n];
    for (int t = 0; t < n; t++) {
      ranks[t] = graph.rank(t);
    }
    long[] distinct = ranks.clone();
    Arrays.sort(distinct);
    int d = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || distinct[k] != distinct[k - 1]) {
        distinct[d++] = distinct[k];
      }
    }
    long[] packed = new long[n];
    for (int t = 0; t < n; t++) {
      long dense = d - 1 - Arrays.binarySearch(distinct, 0, d, ranks[t]); // 0 for the longest
      packed[t] = dense << 32 | t;
    }
    Arrays.sort(packed);
    for (int k = 0; k < n; k++) {
      order[k] = (int) packed[k];
    }
    return order;
  }

  /**
   * Chooses the priority order of a plan for {@code agents} agents (see the class comment).
   *
   * @param graph the plan's graph
   * @param settings barriers, concurrency limit, ageing
   * @param agents the agents that will run it
   */
  public static Order order(TaskGraph graph, Dispatcher.Settings settings, int agents) {
    OrderKey key = new OrderKey(agents, settings);
    return graph.derived(key, g -> search(g, settings, agents));
  }

  /** The cache key of a chosen order: what the search depends on besides the graph. */
  private record OrderKey(int agents, Dispatcher.Settings settings) {}

  /** The cache key of the critical-path order. */
  private enum BaseOrderKey { INSTANCE }

  /**
   * The critical-path order of a plan, the policy's first candidate, without a search: the order a
   * caller that compares many agent counts simulates (the scaler), since the search can only
   * shorten its makespan. Computed once per graph.
   */
  public static int[] baseOrder(TaskGraph graph) {
    return graph.derived(BaseOrderKey.INSTANCE, SchedulingPolicy::criticalPathOrder);
  }

  private static Order search(TaskGraph graph, Dispatcher.Settings settings, int agents) {
    int n = graph.size();
    int[] cp = baseOrder(graph);
    if (n > SEARCH_LIMIT || n <= 1) {
      return new Order(cp, "critical path", -1);
    }
    if (graph.withoutEstimate() == n) {
      // Every duration is the default estimate: a search would tune the order to made-up times
      // (and cost up to a second on plans of thousands of tasks), so the rule alone decides.
      return new Order(cp, "critical path (no task has an estimate)",
          VirtualSchedule.makespan(graph, cp, settings, agents));
    }
    int m = Math.min(agents, settings.concurrencyLimit());
    long bound = searchBound(graph, m);
    Search search = new Search(graph, settings, agents, bound);
    search.consider(cp, "critical path");
    if (search.optimal()) {
      return search.result();
    }
    long[] rank = new long[n];
    long[] successors = new long[n];
    long[] duration = new long[n];
    long[] earliest = new long[n];
    for (int t = 0; t < n; t++) {
      rank[t] = graph.rank(t);
      successors[t] = graph.outDegree(t);
      duration[t] = graph.duration(t);
    }
    for (int k = 0; k < n; k++) { // earliest start, in topological order
      int t = graph.topological(k);
      for (int e = graph.predecessorStart(t); e < graph.predecessorEnd(t); e++) {
        int p = graph.predecessor(e);
        earliest[t] = Math.max(earliest[t], earliest[p] + graph.duration(p));
      }
    }
    search.consider(sortBy(rank, successors), "critical path, most successors first (CP/MISF)");
    search.consider(sortBy(rank, duration), "critical path, longest task first");
    search.consider(sortBy(rank, negate(earliest)), "critical path, earliest start first");
    // Local search over perturbed ranks: start from the best rule's ranks, move a few tasks'
    // keys at random, keep moves that do not lengthen the makespan (walking plateaus), and now
    // and then tighten the best order by forward-backward improvement.
    SplittableRandom random = new SplittableRandom(31L * n + m);
    long maxRank = 1;
    for (long r : rank) {
      maxRank = Math.max(maxRank, r);
    }
    long[] keys = keysOf(search.bestOrder);
    long[] candidate = new long[n];
    long current = search.best;
    while (!search.optimal() && search.canTry()) {
      if (search.tries % 8 == 7) {
        int[] improved = forwardBackward(graph, search.bestOrder, settings, m);
        if (search.consider(improved, "forward-backward improvement") <= current) {
          keys = keysOf(improved);
          current = search.best;
        }
        continue;
      }
      System.arraycopy(keys, 0, candidate, 0, n);
      int moves = 1 + random.nextInt(Math.max(1, n / 10));
      int reach = 1 + random.nextInt(Math.max(1, n / 5)); // positions a key may move
      for (int k = 0; k < moves; k++) {
        int t = random.nextInt(n);
        candidate[t] += (long) ((random.nextDouble() - 0.5) * 2 * reach * n);
      }
      int[] order = sortBy(candidate, successors);
      long makespan = search.consider(order, "local search from the critical path");
      if (makespan <= current) {
        current = makespan;
        System.arraycopy(candidate, 0, keys, 0, n);
      }
    }
    return search.result();
  }

  /**
   * The bound the search stops at: {@link #lowerBound} with {@code W / agents} rounded up to a
   * multiple of the greatest common divisor g of the durations. Every start and finish of a list
   * schedule is a sum of durations, so a multiple of g, and so is some optimal makespan: no order
   * can do better, and the search stops there instead of spending its budget on the unreachable
   * fraction (1,000 equal tasks on 7 agents: the bound is 143 tasks' time, not 142.86).
   */
  static long searchBound(TaskGraph graph, int agents) {
    long g = 0;
    for (int t = 0, n = graph.size(); t < n && g != 1; t++) {
      g = gcd(g, graph.duration(t));
    }
    long work = graph.totalWork();
    long perAgent = (work + agents - 1) / agents;
    if (g > 1) {
      perAgent = (perAgent + g - 1) / g * g;
    }
    return Math.max(graph.criticalPathLength(), perAgent);
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /** max(CP, ceil(W / agents)): no schedule on {@code agents} agents finishes sooner. */
  public static long lowerBound(TaskGraph graph, int agents) {
    long work = graph.totalWork();
    return Math.max(graph.criticalPathLength(), (work + agents - 1) / agents);
  }

  /**
   * Forward-backward improvement: schedule the reversed graph with the tasks that finished last
   * going first, then order the forward pass by the backward schedule's start times; it tightens
   * schedules that list scheduling leaves loose.
   */
  private static int[] forwardBackward(TaskGraph graph, int[] best, Dispatcher.Settings settings,
      int agents) {
    int n = graph.size();
    // Forward schedule of the best order so far.
    VirtualSchedule forward = VirtualSchedule.run(graph, best, settings, agents, List.of(), true);
    // Backward: a task may start (in reverse time) once its successors have; the latest finishers
    // go first. Computed by a simple list schedule over the reversed edges.
    long[] key = new long[n];
    for (int t = 0; t < n; t++) {
      key[t] = forward.finish(t);
    }
    long[] backwardStart = reverseListSchedule(graph, key, agents);
    // Forward again: the earlier a task must finish in the backward schedule's mirror, the sooner.
    long[] priority = new long[n];
    for (int t = 0; t < n; t++) {
      priority[t] = backwardStart[t] + graph.duration(t); // finish time in reverse = how late it may start
    }
    return sortBy(priority, new long[n]);
  }

  /** List schedule of the reversed graph; returns each task's start in reverse time. */
  private static long[] reverseListSchedule(TaskGraph graph, long[] priority, int agents) {
    int n = graph.size();
    int[] pending = new int[n];
    long[] readyAt = new long[n];
    long[] start = new long[n];
    LongHeap readyHeap = new LongHeap(n);
    // Key the ready heap by descending priority: pack (rankOf(priority) << 32 | task).
    int[] byPriority = sortBy(priority, new long[n]);
    int[] rankOf = new int[n];
    for (int k = 0; k < n; k++) {
      rankOf[byPriority[k]] = k;
    }
    for (int t = 0; t < n; t++) {
      pending[t] = graph.outDegree(t);
      if (pending[t] == 0) {
        readyHeap.push((long) rankOf[t] << 32 | t);
      }
    }
    // A plain event loop over a few agents: the search runs only on small plans.
    long[] agentFree = new long[Math.min(agents, n)];
    int done = 0;
    long now = 0;
    int[] runningTasks = new int[agentFree.length];
    Arrays.fill(runningTasks, -1);
    while (done < n) {
      boolean started = false;
      for (int a = 0; a < agentFree.length; a++) {
        if (runningTasks[a] < 0 && agentFree[a] <= now && !readyHeap.isEmpty()) {
          int t = (int) readyHeap.pop();
          long s = Math.max(now, readyAt[t]);
          start[t] = s;
          agentFree[a] = s + graph.duration(t);
          runningTasks[a] = t;
          started = true;
        }
      }
      // advance to the next finish
      long next = Long.MAX_VALUE;
      for (int a = 0; a < agentFree.length; a++) {
        if (runningTasks[a] >= 0) {
          next = Math.min(next, agentFree[a]);
        }
      }
      if (next == Long.MAX_VALUE) {
        if (!started) {
          break;
        }
        continue;
      }
      now = next;
      for (int a = 0; a < agentFree.length; a++) {
        int t = runningTasks[a];
        if (t >= 0 && agentFree[a] == now) {
          runningTasks[a] = -1;
          done++;
          for (int e = graph.predecessorStart(t); e < graph.predecessorEnd(t); e++) {
            int p = graph.predecessor(e);
            readyAt[p] = Math.max(readyAt[p], now);
            if (--pending[p] == 0) {
              readyHeap.push((long) rankOf[p] << 32 | p);
            }
          }
        }
      }
    }
    return start;
  }

  /** Keys that reproduce an order under {@link #sortBy}: position 0 gets the largest key. */
  private static long[] keysOf(int[] order) {
    int n = order.length;
    long[] keys = new long[n];
    for (int k = 0; k < n; k++) {
      keys[order[k]] = (long) (n - k) * n;
    }
    return keys;
  }

  private static long[] negate(long[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = -values[i];
    }
    return out;
  }

  /** Tasks by {@code primary} descending, then {@code secondary} descending, then plan order. */
  static int[] sortBy(long[] primary, long[] secondary) {
    // Sorting packed primitives (dense ranks and the task) instead of boxed indices with a
    // comparator: the search sorts once per order it tries.
    int n = primary.length;
    int[] first = denseRankDescending(primary);
    int[] second = denseRankDescending(secondary);
    long[] packed = new long[n];
    for (int t = 0; t < n; t++) {
      packed[t] = (long) first[t] << (2 * TASK_BITS) | (long) second[t] << TASK_BITS | t;
    }
    Arrays.sort(packed);
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = (int) (packed[k] & TASK_MASK);
    }
    return order;
  }

  private static final int TASK_BITS = 21; // the search runs on plans of SEARCH_LIMIT tasks at most
  private static final long TASK_MASK = (1L << TASK_BITS) - 1;

  /** Each value's rank among the distinct values, 0 for the largest. */
  private static int[] denseRankDescending(long[] values) {
    int n = values.length;
    long[] distinct = values.clone();
    Arrays.sort(distinct);
    int d = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || distinct[k] != distinct[k - 1]) {
        distinct[d++] = distinct[k];
      }
    }
    int[] rank = new int[n];
    for (int t = 0; t < n; t++) {
      rank[t] = d - 1 - Arrays.binarySearch(distinct, 0, d, values[t]);
    }
    return rank;
  }

  /** The best order found so far. */
  private static final class Search {
    private final TaskGraph graph;
    private final Dispatcher.Settings settings;
    private final int agents;
    private final long bound;
    private final long costPerTry;
    private long spent;
    int tries;
    int[] bestOrder;
    String bestRule;
    long best = Long.MAX_VALUE;

    Search(TaskGraph graph, Dispatcher.Settings settings, int agents, long bound) {
      this.graph = graph;
      this.settings = settings;
      this.agents = agents;
      this.bound = bound;
      this.costPerTry = graph.size() + graph.edgeCount() + 1L;
    }

    long consider(int[] order, String rule) {
      long makespan = VirtualSchedule.makespan(graph, order, settings, agents);
      tries++;
      spent += costPerTry;
      if (makespan < best) {
        best = makespan;
        bestOrder = order;
        bestRule = rule;
      }
      return makespan;
    }

    boolean optimal() {
      return best <= bound;
    }

    boolean canTry() {
      return tries < MAX_TRIES && spent + costPerTry <= SEARCH_BUDGET;
    }

    Order result() {
      return new Order(bestOrder, bestRule, best);
    }
  }

  /**
   * The makespan of independent tasks on {@code agents} agents when each free agent takes the
   * longest remaining task (LPT list scheduling).
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
      siftDown(heap, 0, agents);
    }
    long makespan = 0;
    for (long load : heap) {
      makespan = Math.max(makespan, load);
    }
    return makespan;
  }

  private static void siftDown(long[] heap, int i, int size) {
    long value = heap[i];
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
}
