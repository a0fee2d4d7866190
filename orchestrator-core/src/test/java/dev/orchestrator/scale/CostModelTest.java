package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CostModelTest {

  private static final CostModel COSTS = CostModel.builder()
      .agentStartup(Duration.ofMillis(300))
      .taskDispatch(Duration.ofMillis(1))
      .contention(0.5, 4)
      .agentMemory(512L << 20)
      .build();

  @Test
  void overhead_formula() {
    // O(n) = n·s + N·d·(1 + κ·(min(n, C) − 1)), C = 4
    assertThat(COSTS.overhead(1, 100)).isEqualTo(Duration.ofMillis(300 + 100));
    assertThat(COSTS.overhead(3, 100))
        .isEqualTo(Duration.ofMillis(900 + Math.round(100 * (1 + 0.5 * 2))));
    // Only C = 4 agents compete at once, however many there are.
    assertThat(COSTS.overhead(1_000, 100))
        .isEqualTo(Duration.ofMillis(300_000 + Math.round(100 * (1 + 0.5 * 3))));
  }

  @Test
  void overhead_badArguments() {
    assertThatThrownBy(() -> COSTS.overhead(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agents must be >= 1: 0");
    assertThatThrownBy(() -> COSTS.overhead(1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tasks cannot be negative: -1");
  }

  @Test
  void build_configuredSources() {
    assertThat(COSTS.agentStartupSource()).isEqualTo("configured");
    assertThat(COSTS.taskDispatchSource()).isEqualTo("configured");
    assertThat(COSTS.contentionSource()).isEqualTo("configured");
    assertThat(COSTS.agentMemorySource()).isEqualTo("configured");
    assertThat(COSTS.agentMemory()).isEqualTo(512L << 20);
    assertThat(COSTS.contenders()).isEqualTo(4);
    assertThat(COSTS.formula(100))
        .isEqualTo("O(n) = n × 300 ms + 100 × 1 ms × (1 + 0.5 × (min(n, 4) − 1))");
  }

  @Test
  void build_defaultMemoryIsConfiguredDefault() {
    CostModel costs = CostModel.builder().agentStartup(Duration.ZERO).taskDispatch(Duration.ZERO)
        .contention(0, 1).build();
    assertThat(costs.agentMemory()).isEqualTo(CostModel.DEFAULT_AGENT_MEMORY);
    assertThat(costs.agentMemorySource()).startsWith("configured default: a parked virtual thread");
  }

  @Test
  void measured_positiveAndCached() {
    CostModel measured = CostModel.measured();
    assertThat(measured.agentStartup()).isPositive();
    assertThat(measured.taskDispatch()).isPositive();
    assertThat(measured.contention()).isNotNegative();
    assertThat(measured.contenders()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(measured.agentStartupSource()).startsWith("measured: median of 5 rounds starting");
    assertThat(CostModel.measured()).isSameAs(measured);
    CostModel partly = CostModel.builder().agentStartup(Duration.ofMillis(50)).build();
    assertThat(partly.agentStartup()).isEqualTo(Duration.ofMillis(50));
    assertThat(partly.taskDispatch()).isEqualTo(measured.taskDispatch());
    assertThat(partly.taskDispatchSource()).isEqualTo(measured.taskDispatchSource());
  }

  @Test
  void builder_badValues() {
    assertThatThrownBy(() -> CostModel.builder().agentStartup(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent start-up cost cannot be negative: PT-0.001S");
    assertThatThrownBy(() -> CostModel.builder().taskDispatch(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("task dispatch cost cannot be null");
    assertThatThrownBy(() -> CostModel.builder().contention(-0.1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contention must be a finite number >= 0: -0.1");
    assertThatThrownBy(() -> CostModel.builder().contention(0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contenders must be >= 1: 0");
    assertThatThrownBy(() -> CostModel.builder().agentMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent memory must be >= 1 byte: 0");
  }

  @Test
  void equals_byFigures() {
    CostModel same = CostModel.builder().agentStartup(Duration.ofMillis(300))
        .taskDispatch(Duration.ofMillis(1)).contention(0.5, 4).agentMemory(512L << 20).build();
    assertThat(same).isEqualTo(COSTS).hasSameHashCodeAs(COSTS);
    assertThat(COSTS).hasToString(
        "CostModel[agentStartup=300 ms, taskDispatch=1 ms, contention=0.5 up to 4 agents,"
            + " agentMemory=536870912]");
  }
}
