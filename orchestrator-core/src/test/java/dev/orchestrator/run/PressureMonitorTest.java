package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.resource.Resource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resource monitor's decisions, driven by scripted samples (the samples are the clock). */
class PressureMonitorTest {

  /** A pool whose agents retire at once unless {@code busy} says otherwise. */
  static final class FakePool implements PressureMonitor.Control {
    int requested = 20;
    int pool = 20;
    int live = 20;
    boolean busy;
    final List<String> calls = new ArrayList<>();

    @Override
    public int poolSize() {
      return pool;
    }

    @Override
    public int liveAgents() {
      return live;
    }

    @Override
    public int requestedPool() {
      return requested;
    }

    @Override
    public void limitPool(int agents, String reason) {
      pool = Math.min(requested, agents);
      if (!busy || pool > live) {
        live = pool;
      }
      calls.add(pool + ": " + reason);
    }

    @Override
    public void alert(Resource resource, double utilization, String message) {
      calls.add("alert " + resource.label() + " " + message);
    }
  }

  private final FakePool pool = new FakePool();
  private final PressureMonitor monitor = new PressureMonitor(ResourcePressure.defaults(), pool);

  private static Map<Resource, Double> sample(double cpu, double memory) {
    Map<Resource, Double> m = new EnumMap<>(Resource.class);
    m.put(Resource.CPU, cpu);
    m.put(Resource.MEMORY, memory);
    return m;
  }

  @Test
  void sample_aboveNinetyPercent_alertsAndShrinksByThirtyPercent() {
    monitor.sample(sample(0.5, 0.93));
    assertThat(pool.calls).containsExactly(
        "alert memory memory at 93 %, above the 90 % high-water mark",
        "14: resource pressure: memory at 93 % is above 90 %: shrinking the pool by 30 %");
    assertThat(monitor.cap()).isEqualTo(14);
  }

  @Test
  void sample_pressureThatPersists_shrinksAgainOnlyOnceTheLastShrinkTookEffect() {
    pool.busy = true; // agents retire only after their task
    monitor.sample(sample(0.95, 0.5));
    monitor.sample(sample(0.96, 0.5));
    monitor.sample(sample(0.97, 0.5));
    assertThat(pool.calls).hasSize(2); // one alert, one shrink: 20 agents still live for a pool of 14
    pool.live = 14; // the busy ones finished and retired
    monitor.sample(sample(0.97, 0.5));
    assertThat(pool.calls).last().asString().startsWith("9: resource pressure: cpu at 97 %");
  }

  @Test
  void sample_alertsOncePerCrossingAndPerResource() {
    monitor.sample(sample(0.95, 0.95));
    monitor.sample(sample(0.95, 0.95));
    monitor.sample(sample(0.5, 0.95)); // cpu cleared
    monitor.sample(sample(0.95, 0.95)); // cpu crossed again
    assertThat(pool.calls).filteredOn(c -> c.startsWith("alert")).containsExactly(
        "alert cpu cpu at 95 %, above the 90 % high-water mark",
        "alert memory memory at 95 %, above the 90 % high-water mark",
        "alert cpu cpu at 95 %, above the 90 % high-water mark");
  }

  @Test
  void sample_growsBackOneStepAfterThreeCalmSamplesUpToTheRequestedPool() {
    monitor.sample(sample(0.95, 0.5)); // 20 -> 14
    monitor.sample(sample(0.95, 0.5)); // 14 -> 9
    pool.calls.clear();
    monitor.sample(sample(0.5, 0.5));
    monitor.sample(sample(0.5, 0.5));
    assertThat(pool.calls).isEmpty();
    monitor.sample(sample(0.5, 0.6));
    assertThat(pool.calls).containsExactly("13: resource pressure cleared: every resource below"
        + " 75 % for 3 samples (the highest, memory, at 60 %): growing the pool back");
    for (int k = 0; k < 3; k++) {
      monitor.sample(sample(0.1, 0.1));
    }
    assertThat(pool.pool).isEqualTo(19);
    for (int k = 0; k < 3; k++) {
      monitor.sample(sample(0.1, 0.1));
    }
    assertThat(pool.pool).isEqualTo(20);
    assertThat(monitor.cap()).isEqualTo(Integer.MAX_VALUE);
    for (int k = 0; k < 9; k++) {
      monitor.sample(sample(0.1, 0.1));
    }
    assertThat(pool.calls).hasSize(3); // nothing to grow back any more
  }

  @Test
  void sample_betweenTheMarks_holdsAndRestartsTheCalmCount() {
    monitor.sample(sample(0.95, 0.5)); // 20 -> 14
    pool.calls.clear();
    monitor.sample(sample(0.5, 0.5));
    monitor.sample(sample(0.5, 0.5));
    monitor.sample(sample(0.8, 0.5)); // between 75 % and 90 %: hold, and start counting again
    monitor.sample(sample(0.5, 0.5));
    monitor.sample(sample(0.5, 0.5));
    assertThat(pool.calls).isEmpty();
    monitor.sample(sample(0.5, 0.5));
    assertThat(pool.calls).hasSize(1);
  }

  @Test
  void sample_pressureFlappingAroundTheHighMark_neverGrowsThePoolBack() {
    for (int k = 0; k < 20; k++) {
      monitor.sample(sample(k % 2 == 0 ? 0.92 : 0.85, 0.5));
    }
    assertThat(pool.calls).noneMatch(c -> c.contains("growing"));
    assertThat(pool.pool).isEqualTo(1);
  }

  @Test
  void sample_unwatchedOrUnmeasuredResources_areIgnored() {
    PressureMonitor memoryOnly = new PressureMonitor(
        ResourcePressure.builder().resources(Resource.MEMORY).build(), pool);
    memoryOnly.sample(sample(0.99, 0.5));
    memoryOnly.sample(Map.of());
    assertThat(pool.calls).isEmpty();
  }

  @Test
  void sample_poolOfOne_staysOne() {
    pool.requested = pool.pool = pool.live = 1;
    monitor.sample(sample(0.99, 0.5));
    assertThat(pool.calls).containsExactly("alert cpu cpu at 99 %, above the 90 % high-water mark");
  }
}
