package dev.orchestrator.plan.internal;

import java.util.Arrays;

/**
 * The scheduling policy: which ready task goes next. One policy serves the wave estimates, the
 * simulator and the real scheduler, so that estimates and runs cannot drift apart.
 *
 * <p>Order among ready tasks: priority class first, then critical-path rank (the longest remaining
 * path, {@link TaskGraph#rank(int)}), then plan order. For independent tasks the rank is the task's
 * own duration, so the policy becomes "longest first", whose makespan {@link
 * #longestFirstMakespan(long[], int)} computes.
 */
public final class SchedulingPolicy {

  private SchedulingPolicy() {}

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
