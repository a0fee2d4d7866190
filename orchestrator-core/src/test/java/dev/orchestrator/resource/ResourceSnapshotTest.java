package dev.orchestrator.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ResourceSnapshotTest {

  private static ResourceSnapshot.Builder minimal() {
    return ResourceSnapshot.builder().cpuCores(2).memory(1_000, 600);
  }

  @Test
  void build_minimal() {
    ResourceSnapshot s = minimal().takenAt(Instant.EPOCH).build();
    assertThat(s.cpuCores()).isEqualTo(2.0);
    assertThat(s.memoryTotal()).isEqualTo(1_000);
    assertThat(s.memoryAvailable()).isEqualTo(600);
    assertThat(s.diskIops()).isEmpty();
    assertThat(s.networkBandwidth()).isEmpty();
    assertThat(s.rateLimits()).isEmpty();
    assertThat(s.takenAt()).isEqualTo(Instant.EPOCH);
    assertThat(s.source(Resource.CPU)).isEqualTo("configured");
    assertThat(s.source(Resource.DISK)).isEqualTo("unknown");
    assertThat(s.source(Resource.NETWORK)).isEqualTo("unknown");
  }

  @Test
  void build_everything() {
    ResourceSnapshot s = minimal().diskIops(15_000).networkBandwidth(1_000_000_000L)
        .rateLimit(" github-api ", RateLimit.parse("5000/h"))
        .utilization(Resource.CPU, 0.5).source(Resource.CPU, "measured: test")
        .build();
    assertThat(s.diskIops()).hasValue(15_000);
    assertThat(s.networkBandwidth()).hasValue(1_000_000_000L);
    assertThat(s.rateLimit("github-api")).contains(RateLimit.parse("5000/h"));
    assertThat(s.utilization(Resource.CPU)).hasValue(0.5);
    assertThat(s.utilization(Resource.MEMORY)).isEmpty();
    assertThat(s.source(Resource.CPU)).isEqualTo("measured: test");
    assertThat(s.source(Resource.DISK)).isEqualTo("configured");
    assertThat(s.toBuilder().cpuCores(4).build().diskIops()).hasValue(15_000);
  }

  @Test
  void collections_unmodifiable() {
    ResourceSnapshot s = minimal().rateLimit("a", RateLimit.parse("1/s")).build();
    assertThatThrownBy(() -> s.rateLimits().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.utilizations().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void cpuCores_zeroOrNegative() {
    assertThatThrownBy(() -> ResourceSnapshot.builder().cpuCores(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu cores must be a positive number: 0.0");
    assertThatThrownBy(() -> ResourceSnapshot.builder().cpuCores(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu cores must be a positive number: -2.0");
    assertThatThrownBy(() -> ResourceSnapshot.builder().cpuCores(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu cores must be a positive number: NaN");
  }

  @Test
  void memory_invalid() {
    assertThatThrownBy(() -> ResourceSnapshot.builder().memory(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("total memory must be > 0 bytes: 0");
    assertThatThrownBy(() -> ResourceSnapshot.builder().memory(10, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("available memory cannot be negative: -1");
    assertThatThrownBy(() -> ResourceSnapshot.builder().memory(10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("available memory (11 bytes) cannot exceed total memory (10 bytes)");
  }

  @Test
  void diskAndNetwork_invalid() {
    assertThatThrownBy(() -> ResourceSnapshot.builder().diskIops(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disk IOPS must be a positive number: 0.0");
    assertThatThrownBy(() -> ResourceSnapshot.builder().networkBandwidth(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("network bandwidth must be > 0 bits per second: 0");
  }

  @Test
  void utilization_outOfRange() {
    assertThatThrownBy(() -> ResourceSnapshot.builder().utilization(Resource.MEMORY, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MEMORY utilization must be between 0 and 1: 1.5");
  }

  @Test
  void rateLimit_blankName() {
    assertThatThrownBy(() -> ResourceSnapshot.builder().rateLimit(" ", RateLimit.parse("1/s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit name cannot be blank");
    assertThatThrownBy(() -> ResourceSnapshot.builder().rateLimit("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rate limit 'x' cannot be null");
  }

  @Test
  void build_missingRequired() {
    assertThatThrownBy(() -> ResourceSnapshot.builder().memory(1, 1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a resource snapshot needs cpuCores(...)");
    assertThatThrownBy(() -> ResourceSnapshot.builder().cpuCores(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a resource snapshot needs memory(total, available)");
  }

  @Test
  void fixedProbe_returnsSnapshot() {
    ResourceSnapshot s = minimal().build();
    ResourceProbe probe = ResourceProbe.fixed(s);
    assertThat(probe.snapshot(EnumSet.noneOf(Resource.class))).isSameAs(s);
    assertThat(probe.snapshot()).isSameAs(s);
  }

  @Test
  void oshiProbe_notADirectory() {
    assertThatThrownBy(() -> ResourceProbe.oshi(java.nio.file.Path.of("/no/such/dir")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disk probe directory is not a directory: /no/such/dir");
  }
}
