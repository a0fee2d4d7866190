package dev.orchestrator.observe;

import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reports of large runs made without running them: list-scheduled on paper, in a few ms. */
final class LargeReports {

  private LargeReports() {}

  /**
   * {@code layers} layers of {@code width} tasks named {@code step-N}; each task after the first
   * layer depends on two of the layer before; durations 1–5 ms; scheduled layer by layer, round
   * robin, on {@code agents} agents.
   */
  static RunReport layered(int layers, int width, int agents) {
    Plan.Builder p = Plan.builder("large");
    List<String> ids = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int k = 0; k < width; k++) {
        String id = "step-" + (l * width + k);
        TaskSpec.Builder t = TaskSpec.builder(id).estimate(Duration.ofMillis(1 + (k % 5))).run(ctx -> {});
        if (l > 0) {
          t.after("step-" + ((l - 1) * width + k), "step-" + ((l - 1) * width + (k + 7) % width));
        }
        p.add(t.build());
        ids.add(id);
      }
    }
    Plan plan = p.build();
    RunReport.Builder b = RunReport.builder("run-large", "large", ExecutionMode.DEPENDENCY,
        Instant.parse("2026-11-23T10:00:00Z"), ids);
    b.plan(plan);
    long[] free = new long[agents];
    long[] busy = new long[agents];
    int[] count = new int[agents];
    for (int a = 0; a < agents; a++) {
      b.addAgent("agent-" + (a + 1));
    }
    long layerStart = 0;
    int i = 0;
    for (int l = 0; l < layers; l++) {
      long layerEnd = layerStart;
      for (int a = 0; a < agents; a++) {
        free[a] = layerStart;
      }
      for (int k = 0; k < width; k++, i++) {
        int a = k % agents;
        long d = (1 + (k % 5)) * 1_000_000L;
        b.attemptStarted(i, free[a], a);
        TaskState state = i % 997 == 0 ? TaskState.FAILED : TaskState.SUCCEEDED;
        b.finished(i, state, free[a] + d, state == TaskState.FAILED ? "IOException: disk" : null, null);
        free[a] += d;
        busy[a] += d;
        count[a]++;
        layerEnd = Math.max(layerEnd, free[a]);
      }
      b.queueSample(layerStart, width, agents);
      layerStart = layerEnd;
    }
    List<AgentStatistics> stats = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      stats.add(new AgentStatistics("agent-" + (a + 1), count[a], Duration.ofNanos(busy[a]),
          Duration.ofNanos(layerStart), false));
    }
    return b.build(Duration.ofNanos(layerStart), new PoolStatistics(agents, agents, stats, 0, 0, 0), 0);
  }
}
