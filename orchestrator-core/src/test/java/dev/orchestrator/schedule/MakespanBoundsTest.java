package dev.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MakespanBoundsTest {

  @Test
  void longestFirstMakespan_handComputed() {
    assertThat(MakespanBounds.longestFirstMakespan(new long[] {}, 3)).isZero();
    assertThat(MakespanBounds.longestFirstMakespan(new long[] {5, 9, 2}, 3)).isEqualTo(9);
    assertThat(MakespanBounds.longestFirstMakespan(new long[] {30, 20, 20, 10, 10}, 2)).isEqualTo(50);
    assertThat(MakespanBounds.longestFirstMakespan(new long[] {4, 4, 4, 4, 4}, 2)).isEqualTo(12);
    assertThat(MakespanBounds.longestFirstMakespan(new long[] {7, 1, 1, 1}, 1)).isEqualTo(10);
    // LPT is not optimal: 3,3,2,2,2 on 2 agents -> 3+2+2 | 3+2 = 7 (optimum 6)
    assertThat(MakespanBounds.longestFirstMakespan(new long[] {3, 3, 2, 2, 2}, 2)).isEqualTo(7);
  }

  @Test
  void longestFirstMakespan_leavesInputAlone() {
    long[] durations = {1, 3, 2};
    MakespanBounds.longestFirstMakespan(durations, 2);
    assertThat(durations).containsExactly(1, 3, 2);
  }

  @Test
  void ofListSchedules_wholeTasksAndTheDurationsCommonDivisor() {
    dev.orchestrator.plan.Plan.Builder equal = dev.orchestrator.plan.Plan.builder("equal");
    for (int i = 0; i < 1000; i++) {
      equal.add(dev.orchestrator.task.TaskSpec.builder("t" + i)
          .estimate(java.time.Duration.ofSeconds(1)).run(ctx -> {}).build());
    }
    TaskGraph g = PlanInternals.graph(equal.build());
    long second = 1_000_000_000L;
    // 1,000 s of work on 7 agents: W / 7 is 142.86 s; the job-count bound sees that some agent
    // runs 143 of the tasks.
    assertThat(MakespanBounds.of(g).lowerBound(7)).isEqualTo(143.0 * second);
    assertThat(MakespanBounds.of(g).atLeast(7)).isEqualTo(143 * second);
    assertThat(MakespanBounds.of(g).ofListSchedules(7)).isEqualTo(143 * second);
    assertThat(MakespanBounds.of(g).ofListSchedules(8)).isEqualTo(125 * second);

    TaskGraph mixed = PlanInternals.graph(dev.orchestrator.plan.Plan.builder("mixed")
        .add(dev.orchestrator.task.TaskSpec.builder("a").estimate(java.time.Duration.ofMillis(1500))
            .run(ctx -> {}).build())
        .add(dev.orchestrator.task.TaskSpec.builder("b").estimate(java.time.Duration.ofSeconds(2))
            .run(ctx -> {}).build())
        .add(dev.orchestrator.task.TaskSpec.builder("c").estimate(java.time.Duration.ofSeconds(2))
            .run(ctx -> {}).build())
        .build());
    // 5.5 s on 2 agents: W / 2 = 2.75 s, rounded up to a multiple of 0.5 s would be 3 s; but one
    // agent runs two of the three tasks, at least 2 + 1.5 s (the optimum).
    assertThat(MakespanBounds.of(mixed).ofListSchedules(2)).isEqualTo(3500 * second / 1000);
    // Durations 1.5 s and 2 s on one agent: 5.5 s, a multiple of 0.5 s already.
    assertThat(MakespanBounds.of(mixed).ofListSchedules(1)).isEqualTo(5500 * second / 1000);
  }

  /**
   * LPT against the optimum found by trying every assignment: never better, and within Graham's
   * bound of 4/3 - 1/(3m) of it.
   */
  @Property(tries = 300)
  void longestFirstMakespan_withinGrahamBoundOfOptimum(
      @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 1000) Long> tasks,
      @ForAll @IntRange(min = 1, max = 3) int agents) {
    long[] durations = tasks.stream().mapToLong(Long::longValue).toArray();
    long makespan = MakespanBounds.longestFirstMakespan(durations, agents);
    long optimum = optimum(durations, 0, new long[agents]);
    assertThat(makespan).isGreaterThanOrEqualTo(optimum);
    assertThat((double) makespan).isLessThanOrEqualTo(optimum * (4.0 / 3 - 1.0 / (3 * agents)) + 1e-9);
  }

  private static long optimum(long[] durations, int next, long[] loads) {
    if (next == durations.length) {
      long max = 0;
      for (long load : loads) {
        max = Math.max(max, load);
      }
      return max;
    }
    long best = Long.MAX_VALUE;
    for (int agent = 0; agent < loads.length; agent++) {
      loads[agent] += durations[next];
      best = Math.min(best, optimum(durations, next + 1, loads));
      loads[agent] -= durations[next];
    }
    return best;
  }
}
