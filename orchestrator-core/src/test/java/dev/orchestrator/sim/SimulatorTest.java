package dev.orchestrator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.WavePlan;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  private static TaskSpec task(String id, int minutes, String... after) {
    return TaskSpec.builder(id).estimate(Duration.ofMinutes(minutes)).after(after).run(ctx -> {}).build();
  }

  @Test
  void simulate_independentTasksLongestFirst() {
    Plan plan = Plan.builder("lpt").add(task("a", 3)).add(task("b", 3)).add(task("c", 2))
        .add(task("d", 2)).add(task("e", 2)).build();
    Simulation s = Simulator.create().simulate(plan, 2);
    // Plain LPT gives 7 (a,b | c,d | e); the policy's search finds 6 = ceil(12 / 2), the bound.
    assertThat(s.lowerBound()).isEqualTo(Duration.ofMinutes(6));
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(6));
    assertThat(s.ratio()).isEqualTo((double) s.makespan().toNanos() / Duration.ofMinutes(6).toNanos());
  }

  @Test
  void withOrderSearch_offSimulatesTheCriticalPathOrderAnUpperBoundOfThePolicy() {
    Plan plan = Plan.builder("lpt").add(task("a", 3)).add(task("b", 3)).add(task("c", 2))
        .add(task("d", 2)).add(task("e", 2)).build();
    Simulator quick = Simulator.create().withOrderSearch(false);
    Simulation s = quick.simulate(plan, 2);
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(7)); // a,b | c,d | e: plain LPT
    assertThat(s.makespan()).isGreaterThanOrEqualTo(Simulator.create().makespan(plan, 2));
    assertThat(quick).hasToString("simulated, critical-path order");
    assertThat(Simulator.create()).hasToString("simulated");
  }

  @Test
  void simulate_sameAgentsTwice_searchesOnceAndReusesTheOrder() {
    Plan plan = Plan.builder("lpt").add(task("a", 3)).add(task("b", 3)).add(task("c", 2))
        .add(task("d", 2)).add(task("e", 2)).build();
    var graph = dev.orchestrator.graph.PlanInternals.graph(plan);
    var settings = new dev.orchestrator.schedule.Dispatcher.Settings(false, plan.concurrencyLimit(),
        dev.orchestrator.schedule.Dispatcher.DEFAULT_AGING.toNanos());
    var first = dev.orchestrator.schedule.PriorityOrder.order(graph, settings, 2);
    assertThat(dev.orchestrator.schedule.PriorityOrder.order(graph, settings, 2)).isSameAs(first);
    assertThat(dev.orchestrator.schedule.PriorityOrder.order(graph, settings, 3)).isNotSameAs(first);
  }

  @Test
  void simulate_chainTakesItsCriticalPath() {
    Plan plan = Plan.builder("chain").add(task("a", 1)).add(task("b", 2, "a")).add(task("c", 3, "b"))
        .build();
    Simulation s = Simulator.create().simulate(plan, 4);
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(6));
    assertThat(s.start("c")).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.finish("b")).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.agent("a")).isEqualTo(1);
    assertThat(s.ratio()).isEqualTo(1.0);
  }

  @Test
  void simulate_wavesModeAddsBarriers() {
    Plan.Builder b = Plan.builder("w").add(task("a", 1)).add(task("slow", 5)).add(task("b", 1, "a"));
    Duration free = Simulator.create().simulate(b.build(), 2).makespan();
    Duration waves = Simulator.create().simulate(b.mode(ExecutionMode.WAVES).build(), 2).makespan();
    assertThat(free).isEqualTo(Duration.ofMinutes(5));
    assertThat(waves).isEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void simulate_criticalTaskRunsAlone() {
    Plan plan = Plan.builder("c").add(task("a", 1)).add(task("b", 1))
        .add(TaskSpec.builder("backup").critical().estimate(Duration.ofMinutes(2)).run(ctx -> {}).build())
        .build();
    Simulation s = Simulator.create().simulate(plan, 2);
    assertThat(s.start("backup")).isZero();
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void simulate_tooLargeFallsBackToTheBound() {
    Plan plan = Plan.builder("big").add(task("a", 1)).add(task("b", 1)).add(task("c", 1)).build();
    Simulation s = Simulator.create().withDetailLimit(2).simulate(plan, 2);
    assertThat(s.isDetailed()).isFalse();
    // W/N = 3 min / 2 = 1.5 min, but one of the 2 agents runs two of the 3 tasks: 2 min.
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.lowerBound()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> s.start("a")).isInstanceOf(IllegalStateException.class)
        .hasMessage("plan 'big' was too large to simulate task by task (3 tasks); only the makespan"
            + " bound is known");
  }

  @Test
  void waveLayout_usesTheSimulatorAsEstimator() {
    Plan plan = Plan.builder("w").add(task("a", 1)).add(task("slow", 5)).add(task("b", 1, "a")).build();
    WavePlan waves = WavePlan.layout(plan, 2, Simulator.create());
    assertThat(waves.estimateSource()).isEqualTo("simulated");
    assertThat(waves.estimatedTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(waves.sumOfWaves()).isEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void simulate_rejectsNoAgents() {
    Plan plan = Plan.builder("x").add(task("a", 1)).build();
    assertThatThrownBy(() -> Simulator.create().simulate(plan, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agents must be >= 1: 0");
  }

  @Test
  void withFailures_rateZero_sameScheduleAsWithout() {
    Plan plan = Plan.builder("lpt").add(task("a", 3)).add(task("b", 3)).add(task("c", 2, "a"))
        .add(task("d", 2, "b")).add(task("e", 2)).build();
    Simulation plain = Simulator.create().simulate(plan, 2);
    Simulation none = Simulator.create().withFailures(0, 9).simulate(plan, 2);
    assertThat(none.makespan()).isEqualTo(plain.makespan());
    for (String id : new String[] {"a", "b", "c", "d", "e"}) {
      assertThat(none.start(id)).isEqualTo(plain.start(id));
      assertThat(none.attempts(id)).isEqualTo(1);
    }
    assertThat(none.retries()).isZero();
    assertThat(none.failed()).isZero();
  }

  @Test
  void withFailures_alwaysFailing_retriesAfterTheBackoffThenSkipsDependents() {
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(3)
        .backoff(Duration.ofMinutes(1), Duration.ofMinutes(10)).build();
    Plan plan = Plan.builder("retry")
        .add(TaskSpec.builder("flaky").estimate(Duration.ofMinutes(2)).retry(retry).run(ctx -> {}).build())
        .add(task("after", 1, "flaky")).add(task("other", 4)).build();
    Simulation s = Simulator.create()
        .withFailures(task -> task.id().equals("flaky") ? 1.0 : 0.0, 3).simulate(plan, 2);
    // flaky: 2 min, wait 1, 2 min, wait 2, 2 min, then fails for good at 9 min.
    assertThat(s.attempts("flaky")).isEqualTo(3);
    assertThat(s.finish("flaky")).isEqualTo(Duration.ofMinutes(9));
    assertThat(s.attempts("after")).isZero();
    assertThat(s.retries()).isEqualTo(2);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(9));
  }

  @Test
  void withFailFast_aFailureCancelsTheRest() {
    Plan plan = Plan.builder("ff").add(task("a", 1)).add(task("long", 10)).add(task("d", 1))
        .build();
    Simulation s = Simulator.create().withFailFast(true)
        .withFailures(task -> task.id().equals("a") ? 1.0 : 0.0, 1).simulate(plan, 2);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.cancelled()).isEqualTo(2); // d never started; long was interrupted
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void withFailures_timeoutShorterThanTheTask_endsTheAttemptAtTheTimeout() {
    Plan plan = Plan.builder("timeout").add(TaskSpec.builder("slow").estimate(Duration.ofMinutes(5))
        .timeout(Duration.ofMinutes(2)).retry(RetryPolicy.builder().maxAttempts(2)
            .delay(Duration.ofMinutes(1)).build()).run(ctx -> {}).build()).build();
    Simulation s = Simulator.create().withFailures(0, 1).simulate(plan, 1);
    assertThat(s.attempts("slow")).isEqualTo(2);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.makespan()).isEqualTo(Duration.ofMinutes(5)); // 2 + 1 + 2
  }

  @Test
  void withFailures_sameSeed_sameSimulation_otherSeed_otherFailures() {
    Plan.Builder b = Plan.builder("many");
    for (int i = 0; i < 200; i++) {
      b.add(TaskSpec.builder("t" + i).estimate(Duration.ofMinutes(1 + i % 3))
          .retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ofSeconds(5)).build())
          .run(ctx -> {}).build());
    }
    Plan plan = b.build();
    Simulation one = Simulator.create().withFailures(0.1, 7).simulate(plan, 4);
    Simulation again = Simulator.create().withFailures(0.1, 7).simulate(plan, 4);
    Simulation other = Simulator.create().withFailures(0.1, 8).simulate(plan, 4);
    assertThat(again.makespan()).isEqualTo(one.makespan());
    assertThat(again.retries()).isEqualTo(one.retries());
    assertThat(one.retries()).isBetween(5, 40); // about 10 % of 200 first attempts
    assertThat(other.retries() == one.retries() && other.failed() == one.failed()
        && other.makespan().equals(one.makespan())).isFalse();
  }

  @Test
  void withFailures_rateOutsideZeroToOne_rejected() {
    assertThatThrownBy(() -> Simulator.create().withFailures(1.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failure rate must be in [0, 1]: 1.5");
  }
}
