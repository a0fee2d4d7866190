package dev.orchestrator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The one test that measures this machine with OSHI; it checks signs, never figures. */
class OshiResourceProbeTest {

  @Test
  void snapshot_realMachineHasCoresAndMemory() {
    ResourceSnapshot snapshot = ResourceProbe.oshi().snapshot(EnumSet.of(Resource.CPU));

    assertThat(snapshot.cpuCores()).isPositive();
    assertThat(snapshot.memoryTotal()).isPositive();
    assertThat(snapshot.memoryAvailable()).isPositive().isLessThanOrEqualTo(snapshot.memoryTotal());
    assertThat(snapshot.source(Resource.CPU)).startsWith("measured: ");
    assertThat(snapshot.source(Resource.MEMORY)).startsWith("measured: ");
    assertThat(snapshot.utilization(Resource.MEMORY)).isPresent();
    assertThat(snapshot.diskIops()).as("the disk probe runs only when asked").isEmpty();
  }
}
