package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The priority-order search of {@link PriorityOrder#order}: list-scheduling rules, then a local
 * search with forward-backward improvement, every candidate simulated through the {@link
 * Dispatcher} on a virtual clock; the shortest makespan wins (the first found on ties). It stops at
 * the makespan bound no list schedule can beat ({@link MakespanBounds#ofListSchedules}), or when its
 * budget is spent.
 */
final class OrderSearch {


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

  private OrderSearch() {}

  static PriorityOrder.Order search(TaskGraph graph, Dispatcher.Settings settings, int agents) {
    int n = graph.size();
    int[] cp = PriorityOrder.baseOrder(graph);
    if (n > PriorityOrder.SEARCH_LIMIT || n <= 1) {
      return new PriorityOrder.Order(cp, "critical path", -1);
    }
    if (graph.withoutEstimate() == n) {
      // Every duration is the default estimate: a search would tune the order to made-up times
      // (and cost up to a second on plans of thousands of tasks), so the rule alone decides.
      return new PriorityOrder.Order(cp, "critical path (no task has an estimate)",
          VirtualSchedule.makespan(graph, cp, settings, agents));
    }
    int m = Math.min(agents, settings.concurrencyLimit());
    long bound = MakespanBounds.of(graph).ofListSchedules(m);
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

    PriorityOrder.Order result() {
      return new PriorityOrder.Order(bestOrder, bestRule, best);
    }
  }
}
