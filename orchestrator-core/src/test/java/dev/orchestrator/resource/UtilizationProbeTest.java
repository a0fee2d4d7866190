package dev.orchestrator.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UtilizationProbeTest {

  private final ResourceProbe capacity = ResourceProbe.fixed(
      ResourceSnapshot.builder().cpuCores(4).memory(1000, 250).build());

  @Test
  void snapshot_addsUtilizationsToTheCapacityFigures() {
    ResourceProbe probe = ResourceProbe.withUtilization(capacity);
    ResourceSnapshot first = probe.snapshot(Set.of());
    assertThat(first.cpuCores()).isEqualTo(4);
    assertThat(first.utilization(Resource.MEMORY)).hasValue(0.75);
    assertThat(first.utilization(Resource.CPU)).as("the first CPU reading is no measurement").isEmpty();
    ResourceSnapshot second = probe.snapshot(Set.of());
    second.utilizations().values().forEach(share -> assertThat(share).isBetween(0.0, 1.0));
  }

  @Test
  void snapshot_keepsAUtilizationTheCapacityProbeMeasured() {
    ResourceProbe measured = ResourceProbe.fixed(ResourceSnapshot.builder().cpuCores(1)
        .memory(1000, 900).utilization(Resource.MEMORY, 0.42).build());
    assertThat(ResourceProbe.withUtilization(measured).snapshot(Set.of())
        .utilization(Resource.MEMORY)).hasValue(0.42);
  }

  @Test
  void withUtilization_null_isRejected() {
    assertThatThrownBy(() -> ResourceProbe.withUtilization(null))
        .isInstanceOf(NullPointerException.class).hasMessage("capacity probe cannot be null");
  }
}
