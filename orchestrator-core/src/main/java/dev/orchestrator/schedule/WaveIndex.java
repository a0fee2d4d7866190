package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;

/**
 * Which wave each task belongs to, with the same grouping as {@code WavePlan.layout}: levels in
 * order; within a level, each critical task alone (plan order), then each gate alone, then the rest
 * of the level together. The run uses it for wave events and, in barrier modes, for the barriers.
 */
public final class WaveIndex {

  private final int[] waveOf;
  private final int[] start;
  private final int[] tasks;

  private WaveIndex(int[] waveOf, int[] start, int[] tasks) {
    this.waveOf = waveOf;
    this.start = start;
    this.tasks = tasks;
  }

  /**
   * The waves of a graph, computed in time linear in its tasks on first use and kept with the graph:
   * every run and simulation of a plan needs them (the priority-order search simulates hundreds of
   * times), and they depend on the graph only.
   */
  public static WaveIndex of(TaskGraph graph) {
    return graph.derived(WaveIndex.class, WaveIndex::compute);
  }

  private static WaveIndex compute(TaskGraph graph) {
    int n = graph.size();
    int levels = graph.levelCount();
    // Per level: how many critical tasks, gates, and whether ordinary tasks exist.
    int[] critical = new int[levels];
    int[] gates = new int[levels];
    boolean[] rest = new boolean[levels];
    for (int t = 0; t < n; t++) {
      int l = graph.level(t);
      if (graph.task(t).isCritical()) {
        critical[l]++;
      } else if (graph.task(t).isGate()) {
        gates[l]++;
      } else {
        rest[l] = true;
      }
    }
    int[] firstWave = new int[levels + 1];
    for (int l = 0; l < levels; l++) {
      firstWave[l + 1] = firstWave[l] + critical[l] + gates[l] + (rest[l] ? 1 : 0);
    }
    int waveCount = firstWave[levels];
    int[] nextCritical = new int[levels];
    int[] nextGate = new int[levels];
    int[] waveOf = new int[n];
    int[] size = new int[waveCount + 1];
    for (int t = 0; t < n; t++) {
      int l = graph.level(t);
      int w;
      if (graph.task(t).isCritical()) {
        w = firstWave[l] + nextCritical[l]++;
      } else if (graph.task(t).isGate()) {
        w = firstWave[l] + critical[l] + nextGate[l]++;
      } else {
        w = firstWave[l] + critical[l] + gates[l];
      }
      waveOf[t] = w;
      size[w + 1]++;
    }
    for (int w = 0; w < waveCount; w++) {
      size[w + 1] += size[w];
    }
    int[] tasks = new int[n];
    int[] fill = new int[waveCount];
    for (int t = 0; t < n; t++) {
      int w = waveOf[t];
      tasks[size[w] + fill[w]++] = t;
    }
    return new WaveIndex(waveOf, size, tasks);
  }

  public int count() {
    return start.length - 1;
  }

  public int waveOf(int task) {
    return waveOf[task];
  }

  public int size(int wave) {
    return start[wave + 1] - start[wave];
  }

  /** The k-th task of a wave, in plan order. */
  public int task(int wave, int k) {
    return tasks[start[wave] + k];
  }
}
