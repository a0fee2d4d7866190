package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WavePlanTest {

  private static final TaskAction NOTHING = ctx -> { };

  private static TaskSpec task(String id, int seconds, String... after) {
    return TaskSpec.builder(id).estimate(Duration.ofSeconds(seconds)).after(after).run(NOTHING).build();
  }

  private static TaskSpec critical(String id, int seconds, String... after) {
    return TaskSpec.builder(id).critical().estimate(Duration.ofSeconds(seconds)).after(after).run(NOTHING)
        .build();
  }

  /**
   * Level 0: backup (critical, 60 s). Level 1: a1..a5 (30, 20, 20, 10, 10 s). Level 2: gate g
   * (after every a) and side (15 s, after a1). Level 3: final1, final2 (critical, 5 s each) and r
   * (8 s), all after g.
   */
  static Plan plan() {
    return Plan.builder("waves")
        .add(critical("backup", 60))
        .add(task("a1", 30, "backup")).add(task("a2", 20, "backup")).add(task("a3", 20, "backup"))
        .add(task("a4", 10, "backup")).add(task("a5", 10, "backup"))
        .add(TaskSpec.gate("g", ctx -> true).after("a1", "a2", "a3", "a4", "a5").build())
        .add(task("side", 15, "a1"))
        .add(critical("final1", 5, "g")).add(critical("final2", 5, "g")).add(task("r", 8, "g"))
        .build();
  }

  @Test
  void layout_criticalAloneGatesOwnWaveBatching() {
    WavePlan waves = plan().waves(2);
    assertThat(waves.waves()).extracting(Wave::kind).containsExactly(Wave.Kind.CRITICAL, Wave.Kind.TASKS,
        Wave.Kind.GATE, Wave.Kind.TASKS, Wave.Kind.CRITICAL, Wave.Kind.CRITICAL, Wave.Kind.TASKS);
    assertThat(waves.waves()).extracting(Wave::number).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(waves.waves()).extracting(Wave::level).containsExactly(0, 1, 2, 2, 3, 3, 3);
    assertThat(waves.waves()).extracting(Wave::label)
        .containsExactly("backup", "a ×5", "g", "side", "final1", "final2", "r");
    assertThat(waves.waves()).extracting(Wave::taskCount).containsExactly(1, 5, 1, 1, 1, 1, 1);
    assertThat(waves.waves()).extracting(Wave::agents).containsExactly(1, 2, 1, 1, 1, 1, 1);
    assertThat(waves.waves().get(1).taskIds()).containsExactly("a1", "a2", "a3", "a4", "a5");
    assertThat(waves.waves().get(1).itemsPerAgent()).isEqualTo(3);
    assertThat(waves.waves().get(0).itemsPerAgent()).isEqualTo(1);
    // Longest first on 2 agents: 30 | 20; 20 -> 40; 10 -> 40 | 40; 10 -> 50.
    assertThat(waves.waves()).extracting(Wave::estimatedTime).containsExactly(Duration.ofSeconds(60),
        Duration.ofSeconds(50), Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(8));
    assertThat(waves.peakAgents()).isEqualTo(2);
    assertThat(waves.agents()).isEqualTo(2);
  }

  @Test
  void layout_numbers() {
    WavePlan waves = plan().waves(2);
    // W = 60 + 90 + 0 + 15 + 5 + 5 + 8 = 183 s; CP = backup, a1, side = 105 s; waves sum to 143 s.
    assertThat(waves.sumOfWaves()).isEqualTo(Duration.ofSeconds(143));
    assertThat(waves.estimatedTime()).isEqualTo(Duration.ofSeconds(143));
    assertThat(waves.estimateSource()).isEqualTo("sum of waves");
    assertThat(waves.sequentialTime()).isEqualTo(Duration.ofSeconds(183));
    assertThat(waves.speedUp()).isEqualTo(183.0 / 143);
    assertThat(waves.timeSaved()).isEqualTo(1 - 143.0 / 183);
    // The best any schedule could do on 2 agents is min(2, W / CP) = 183 / 105.
    assertThat(waves.efficiency()).isEqualTo((183.0 / 143) / (183.0 / 105));
    assertThat(waves).hasToString("WavePlan[waves, 2 agents, 7 waves, PT2M23S]");
  }

  @Test
  void layout_oneAgentIsSequential() {
    WavePlan waves = plan().waves(1);
    assertThat(waves.sumOfWaves()).isEqualTo(Duration.ofSeconds(183));
    assertThat(waves.speedUp()).isEqualTo(1.0);
    assertThat(waves.efficiency()).isEqualTo(1.0);
    assertThat(waves.waves().get(1).itemsPerAgent()).isEqualTo(5);
  }

  @Test
  void layout_manyAgentsReachTheWidestWave() {
    WavePlan waves = plan().waves(100);
    assertThat(waves.waves().get(1).agents()).isEqualTo(5);
    assertThat(waves.waves().get(1).estimatedTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(waves.peakAgents()).isEqualTo(5);
    // 60 + 30 + 0 + 15 + 5 + 5 + 8 = 123 s; efficiency = (183 / 123) / (183 / 105)
    assertThat(waves.sumOfWaves()).isEqualTo(Duration.ofSeconds(123));
    assertThat(waves.efficiency()).isEqualTo((183.0 / 123) / (183.0 / 105));
  }

  @Test
  void layout_concurrencyLimitCapsWaveAgents() {
    Plan plan = Plan.builder("capped").concurrencyLimit(2)
        .add(task("a", 10)).add(task("b", 10)).add(task("c", 10)).add(task("d", 10)).build();
    WavePlan waves = plan.waves(8);
    assertThat(waves.waves().get(0).agents()).isEqualTo(2);
    assertThat(waves.sumOfWaves()).isEqualTo(Duration.ofSeconds(20));
    assertThat(waves.efficiency()).isEqualTo(1.0); // best possible: min(8, limit 2, W/CP 4) = 2
  }

  @Test
  void layout_equalTasksInRounds() {
    Plan.Builder builder = Plan.builder("equal");
    for (int i = 0; i < 10; i++) {
      builder.add(task("t" + i, 3));
    }
    WavePlan waves = builder.build().waves(4);
    assertThat(waves.waves().get(0).estimatedTime()).isEqualTo(Duration.ofSeconds(9)); // 3 rounds
    assertThat(waves.waves().get(0).label()).isEqualTo("t ×10");
    assertThat(waves.waves().get(0).itemsPerAgent()).isEqualTo(3);
  }

  @Test
  void layout_labelOfManyNames() {
    Plan plan = Plan.builder("mixed").add(task("lint-1", 1)).add(task("lint-2", 1)).add(task("test", 1))
        .add(task("build", 1)).add(task("docs", 1)).build();
    assertThat(plan.waves(5).waves().get(0).label()).isEqualTo("5 tasks");
    Plan few = Plan.builder("few").add(task("lint-1", 1)).add(task("lint-2", 1)).add(task("test", 1))
        .build();
    assertThat(few.waves(5).waves().get(0).label()).isEqualTo("lint ×2, test");
  }

  @Test
  void stem_dropsItemNumbers() {
    assertThat(WavePlan.stem("deploy-17")).isEqualTo("deploy");
    assertThat(WavePlan.stem("img_003.jpg")).isEqualTo("img_003.jpg");
    assertThat(WavePlan.stem("file #12")).isEqualTo("file");
    assertThat(WavePlan.stem("42")).isEqualTo("42");
    assertThat(WavePlan.stem("a")).isEqualTo("a");
  }

  @Test
  void layout_estimator() {
    Plan plan = plan();
    MakespanEstimator fixed = new MakespanEstimator() {
      @Override
      public Duration makespan(Plan p, int agents) {
        return Duration.ofSeconds(110);
      }

      @Override
      public String toString() {
        return "simulated";
      }
    };
    WavePlan waves = WavePlan.layout(plan, 2, fixed);
    assertThat(waves.estimatedTime()).isEqualTo(Duration.ofSeconds(110));
    assertThat(waves.estimateSource()).isEqualTo("simulated");
    assertThat(waves.sumOfWaves()).isEqualTo(Duration.ofSeconds(143));
    WavePlan sum = WavePlan.layout(plan, 2, MakespanEstimator.WAVE_SUM);
    assertThat(sum.estimatedTime()).isEqualTo(Duration.ofSeconds(143));
    assertThat(sum.estimateSource()).isEqualTo("sum of waves");
  }

  @Test
  void layout_emptyPlan() {
    WavePlan waves = Plan.builder("empty").build().waves(3);
    assertThat(waves.waves()).isEmpty();
    assertThat(waves.speedUp()).isEqualTo(1.0);
    assertThat(waves.timeSaved()).isZero();
    assertThat(waves.peakAgents()).isZero();
  }

  @Test
  void layout_agentsBelowOne() {
    assertThatThrownBy(() -> plan().waves(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agents must be >= 1: 0");
  }

  @Test
  void layout_nullPlan() {
    assertThatThrownBy(() -> WavePlan.layout(null, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("plan cannot be null");
  }

  @Test
  void taskIds_unmodifiable() {
    Wave wave = plan().waves(2).waves().get(1);
    assertThatThrownBy(() -> wave.taskIds().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(wave.toString()).isEqualTo("Wave[1, TASKS, a ×5, 5 tasks, 2 agents, PT50S]");
  }
}
