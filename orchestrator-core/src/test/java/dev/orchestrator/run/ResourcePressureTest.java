package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResourcePressureTest {

  @Test
  void builder_badValues_areRejected() {
    ResourcePressure.Builder b = ResourcePressure.builder();
    assertThatThrownBy(() -> b.interval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample interval must be positive: PT0S");
    assertThatThrownBy(() -> b.interval(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("sample interval cannot be null");
    assertThatThrownBy(() -> b.marks(1.2, 0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("high-water mark must be within (0, 1]: 1.2");
    assertThatThrownBy(() -> b.marks(0.9, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("low-water mark must be within (0, 1]: 0.0");
    assertThatThrownBy(() -> b.shrinkFactor(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shrink factor must be within (0, 1): 1.0");
    assertThatThrownBy(() -> b.calmSamples(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calm samples must be >= 1: 0");
    assertThatThrownBy(() -> b.resources()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("watch at least one resource, or disable the monitor");
    assertThatThrownBy(() -> b.probe(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("probe cannot be null");
    assertThatThrownBy(() -> ResourcePressure.builder().marks(0.8, 0.8).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("low-water mark (0.8) must be below the high-water mark (0.8)");
    assertThatThrownBy(() -> RunOptions.builder().resourcePressure(null))
        .isInstanceOf(NullPointerException.class).hasMessage("resource pressure cannot be null");
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    ResourcePressure d = ResourcePressure.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.highWater()).isEqualTo(0.9);
    assertThat(d.lowWater()).isEqualTo(0.75);
    assertThat(d.shrinkFactor()).isEqualTo(0.7);
    assertThat(d.resources()).containsExactlyInAnyOrder(Resource.values());
    assertThat(ResourcePressure.none().enabled()).isFalse();
    assertThat(RunOptions.builder().build().resourcePressure()).isSameAs(d);
    ResourcePressure copy = d.toBuilder().calmSamples(5).build();
    assertThat(copy.calmSamples()).isEqualTo(5);
    assertThat(copy.interval()).isEqualTo(d.interval());
  }

  /**
   * A probe that reports calm until {@code ready} opens, then plays a script of memory shares and
   * repeats its last one.
   */
  private static ResourceProbe scripted(CountDownLatch ready, double... memory) {
    AtomicInteger next = new AtomicInteger();
    return wanted -> ResourceSnapshot.builder().cpuCores(2).memory(1000, 500)
        .utilization(Resource.MEMORY, ready.getCount() > 0 ? 0.5
            : memory[Math.min(next.getAndIncrement(), memory.length - 1)])
        .build();
  }

  @Test
  void run_memoryPressure_shrinksThePoolAndGrowsItBackWhenItClears() throws Exception {
    CountDownLatch busy = new CountDownLatch(8);
    CountDownLatch grown = new CountDownLatch(1);
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Plan.Builder plan = Plan.builder("pressure");
    for (int i = 0; i < 16; i++) {
      plan.add(TaskSpec.builder("t" + i).run(ctx -> {
        busy.countDown();
        Runs.await(grown);
      }).build());
    }
    RunOptions options = RunOptions.builder().agents(8)
        .resourcePressure(ResourcePressure.builder().interval(Duration.ofMillis(2))
            .probe(scripted(busy, 0.95, 0.96, 0.5)).build())
        .listener(e -> {
          events.add(e);
          if (e instanceof RunEvent.ScalingAdjustment a && a.reason().contains("cleared")) {
            grown.countDown();
          }
        }).build();
    RunReport report = finish(Engine.start(plan.build(), options));
    Runs.allDelivered(events);
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.resourceAlerts()).singleElement().satisfies(a -> {
      assertThat(a.resource()).isEqualTo(Resource.MEMORY);
      assertThat(a.utilization()).isEqualTo(0.95);
      assertThat(a.message()).isEqualTo("memory at 95 %, above the 90 % high-water mark");
    });
    // One shrink: the second high sample came while the 8 busy agents had yet to retire.
    assertThat(report.adjustments()).extracting(a -> a.fromAgents() + "->" + a.toAgents())
        .containsExactly("8->5", "5->8");
    assertThat(report.adjustments().get(0).reason())
        .isEqualTo("resource pressure: memory at 95 % is above 90 %: shrinking the pool by 30 %");
    assertThat(events).filteredOn(RunEvent.ResourceAlert.class::isInstance).hasSize(1);
  }

  @Test
  void run_probeThatFails_doesNotStopTheRun() throws Exception {
    CountDownLatch asked = new CountDownLatch(2);
    Plan plan = Runs.plan(TaskSpec.builder("t").run(ctx -> Runs.await(asked)).build());
    RunReport report = finish(Engine.start(plan, RunOptions.builder().agents(1)
        .resourcePressure(ResourcePressure.builder().interval(Duration.ofMillis(1)).probe(w -> {
          asked.countDown();
          throw new IllegalStateException("probe broken");
        }).build()).build()));
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.adjustments()).isEmpty();
  }
}
