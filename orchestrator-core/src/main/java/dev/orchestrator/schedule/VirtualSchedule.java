package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * A discrete-event run of a {@link Dispatcher} on a virtual clock: each task takes its planned
 * duration, agents ask for work the moment they are free (lowest agent number first), and every
 * task succeeds. The simulator publishes it; {@link PriorityOrder} uses it to choose the
 * priority order.
 *
 * <p>Costs O((tasks + edges) log tasks) time and, when recording, 20 bytes per task.
 */
public final class VirtualSchedule {

  private final long makespan;
  private final long[] start;
  private final long[] finish;
  private final int[] agent;

  private VirtualSchedule(long makespan, long[] start, long[] finish, int[] agent) {
    this.makespan = makespan;
    this.start = start;
    this.finish = finish;
    this.agent = agent;
  }

  /** The makespan only (nothing recorded), for searches that try many orders. */
  public static long makespan(TaskGraph graph, int[] order, Dispatcher.Settings settings, int agents) {
    return run(graph, order, settings, agents, List.of(), false).makespan;
  }

  /**
   * Runs the plan.
   *
   * @param agents the number of agents
   * @param skills the skills of agents 0, 1, ... (agents past the list's end have none)
   * @param record whether to keep each task's start, finish and agent
   */
  public static VirtualSchedule run(TaskGraph graph, int[] order, Dispatcher.Settings settings,
      int agents, List<Set<String>> skills, boolean record) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agents);
    }
    int n = graph.size();
    long[] start = record ? new long[n] : null;
    long[] finish = record ? new long[n] : null;
    int[] agentOf = record ? new int[n] : null;
    Dispatcher dispatcher = new Dispatcher(graph, order, settings, null);
    // More agents than the concurrency limit never run anything: leave them out.
    int m = (int) Math.min(agents, Math.min(settings.concurrencyLimit(), Math.max(1, n)));
    int[] slot = new int[m];
    boolean anySkills = false;
    for (int a = 0; a < m; a++) {
      Set<String> s = a < skills.size() ? skills.get(a) : Set.of();
      anySkills |= !s.isEmpty();
      slot[a] = dispatcher.join(s);
    }
    BitSet idle = new BitSet(m);
    idle.set(0, m);
    int[] runningTask = new int[m];
    // Min-heap of running agents by finish time (ties: lower agent first).
    long[] heapTime = new long[m];
    int[] heapAgent = new int[m];
    int heapSize = 0;
    long now = 0;
    while (true) {
      for (int a = idle.nextSetBit(0); a >= 0; a = idle.nextSetBit(a + 1)) {
        int t = dispatcher.next(now, slot[a]);
        if (t == Dispatcher.NONE) {
          if (!anySkills) {
            break; // every agent would get the same answer
          }
          continue;
        }
        idle.clear(a);
        runningTask[a] = t;
        long end = now + graph.duration(t);
        if (record) {
          start[t] = now;
          finish[t] = end;
          agentOf[t] = a;
        }
        // sift up
        int i = heapSize++;
        while (i > 0) {
          int p = (i - 1) >>> 1;
          if (heapTime[p] < end || (heapTime[p] == end && heapAgent[p] < a)) {
            break;
          }
          heapTime[i] = heapTime[p];
          heapAgent[i] = heapAgent[p];
          i = p;
        }
        heapTime[i] = end;
        heapAgent[i] = a;
      }
      if (heapSize == 0) {
        break;
      }
      now = heapTime[0];
      while (heapSize > 0 && heapTime[0] == now) {
        int a = heapAgent[0];
        // pop
        heapSize--;
        long lastTime = heapTime[heapSize];
        int lastAgent = heapAgent[heapSize];
        int i = 0;
        while (true) {
          int c = 2 * i + 1;
          if (c >= heapSize) {
            break;
          }
          if (c + 1 < heapSize && (heapTime[c + 1] < heapTime[c]
              || (heapTime[c + 1] == heapTime[c] && heapAgent[c + 1] < heapAgent[c]))) {
            c++;
          }
          if (lastTime < heapTime[c] || (lastTime == heapTime[c] && lastAgent < heapAgent[c])) {
            break;
          }
          heapTime[i] = heapTime[c];
          heapAgent[i] = heapAgent[c];
          i = c;
        }
        heapTime[i] = lastTime;
        heapAgent[i] = lastAgent;
        dispatcher.finished(runningTask[a], Dispatcher.SUCCEEDED, now);
        idle.set(a);
      }
    }
    if (!dispatcher.isDone()) {
      throw new IllegalStateException(
          "simulation stalled with " + (n - dispatcher.terminalCount()) + " tasks unfinished");
    }
    return new VirtualSchedule(now, start, finish, agentOf);
  }

  /** The time the last task finishes. */
  public long makespan() {
    return makespan;
  }

  public boolean recorded() {
    return start != null;
  }

  public long start(int task) {
    return start[task];
  }

  public long finish(int task) {
    return finish[task];
  }

  /** The agent (0-based) that ran a task. */
  public int agent(int task) {
    return agent[task];
  }

  /** Copies of the recorded arrays, for immutable results built on them. */
  public long[] starts() {
    return Arrays.copyOf(start, start.length);
  }

  public long[] finishes() {
    return Arrays.copyOf(finish, finish.length);
  }

  public int[] agents() {
    return Arrays.copyOf(agent, agent.length);
  }
}
