package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import java.util.Arrays;

/**
 * The priority-order choice of the scheduling policy: which ready task goes next. One policy serves the wave estimates, the
 * simulator and the real scheduler, so that estimates and runs cannot drift apart.
 *
 * <p>Order among ready tasks: priority class first (with ageing, see {@link Dispatcher}), then the
 * task's position in the plan's <em>priority order</em>. The priority order is chosen once per run,
 * for the number of agents that run it, by {@link #order}:
 *
 * <ol>
 *   <li>the critical-path rule (HLFET): longest remaining path first ({@link TaskGraph#rank(int)}),
 *       then plan order. For independent tasks the rank is the task's own duration, so the rule
 *       becomes "longest first", whose makespan {@link MakespanBounds#longestFirstMakespan(long[], int)} computes;
 *   <li>for plans of up to {@value #SEARCH_LIMIT} tasks of which at least one has an estimate, a
 *       few more list-scheduling rules (CP/MISF:
 *       ties broken by most successors; longest task first among equal ranks; earliest start
 *       first), then a local search: random moves of a few tasks' positions in the best order so
 *       far, kept when they do not lengthen the makespan, with forward-backward improvement every
 *       eighth try. Every candidate runs on a virtual clock through the same {@link Dispatcher}
 *       the real scheduler uses. The order with the shortest makespan wins (the first found on
 *       ties); the search stops as soon as an order reaches the lower bound of {@link
 *       MakespanBounds} (rounded up to a multiple of the durations' greatest common divisor, see
 *       {@link MakespanBounds#ofListSchedules}), which no schedule can beat, or after {@value
 *       #MAX_TRIES} orders or {@value OrderSearch#SEARCH_BUDGET} simulated dispatches.
 * </ol>
 *
 * <p>The chosen order is then THE order of the run: the real scheduler starts ready tasks in exactly
 * this order, so a run whose tasks take their planned durations follows the simulated schedule.
 * The search is deterministic (seeded by the plan's size and the agent count), so the simulator and
 * the run arrive at the same order independently.
 */public final class PriorityOrder {

  /** Plans larger than this use the critical-path rule without a search. */
  public static final int SEARCH_LIMIT = 5_000;

  private PriorityOrder() {}

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
    return graph.derived(key, g -> OrderSearch.search(g, settings, agents));
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
    return graph.derived(BaseOrderKey.INSTANCE, PriorityOrder::criticalPathOrder);
  }
}
