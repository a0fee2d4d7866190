package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceSnapshot;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityTest {

  @Test
  void parse_issueExample() {
    Capacity c = Capacity.parse("cpu=2,memoryGb=24,iops=15000,network=1Gbps,connections=500,"
        + "rate.github-api=5000/h");
    assertThat(c.cpuCores()).hasValue(2.0);
    assertThat(c.memoryAvailable()).hasValue(24L << 30);
    assertThat(c.diskIops()).hasValue(15_000);
    assertThat(c.networkBandwidth()).hasValue(1_000_000_000L);
    assertThat(c.connectionLimit()).hasValue(500);
    assertThat(c.rateLimit("github-api")).contains(RateLimit.parse("5000/h"));
    assertThat(c.source(Resource.CPU)).isEqualTo("configured");
    assertThat(c).hasToString("Capacity[cpu=2.0, memory=25769803776, iops=15000.0,"
        + " network=1000000000, connections=500, rate.github-api=5000/h]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "memory=512m; 536870912",
      "memory=2GiB; 2147483648",
      "memoryMb=1.5; 1572864",
      "memoryGb=0.5; 536870912"})
  void parse_memoryForms(String text, long bytes) {
    assertThat(Capacity.parse(text).memoryAvailable()).hasValue(bytes);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "network=100Mbps; 100000000",
      "network=2.5G; 2500000000",
      "network=1000000; 1000000",
      "network=10kbit/s; 10000"})
  void parse_networkForms(String text, long bits) {
    assertThat(Capacity.parse(text).networkBandwidth()).hasValue(bits);
  }

  @Test
  void parse_blankIsEmpty() {
    assertThat(Capacity.parse(" ")).isEqualTo(Capacity.none());
    assertThat(Capacity.none().missing(EnumSet.allOf(Resource.class)))
        .containsExactlyInAnyOrder(Resource.values());
  }

  @Test
  void parse_unknownKey() {
    assertThatThrownBy(() -> Capacity.parse("cpus=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity 'cpus=2': unknown key 'cpus'; known keys: cpu, memoryGb, memoryMb,"
            + " memory, iops, network, connections, rate.NAME");
  }

  @Test
  void parse_notKeyValue() {
    assertThatThrownBy(() -> Capacity.parse("cpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity 'cpu' must be key=value, for example cpu=2 or iops=15000");
  }

  @Test
  void parse_notANumber() {
    assertThatThrownBy(() -> Capacity.parse("cpu=two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity 'cpu=two': not a number: two");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "cpu=0; capacity 'cpu=0': cpu cores must be a positive number: 0.0",
      "cpu=-1; capacity 'cpu=-1': cpu cores must be a positive number: -1.0",
      "memoryGb=0; capacity 'memoryGb=0': available memory must be > 0: 0.0",
      "iops=-5; capacity 'iops=-5': disk IOPS must be a positive number: -5.0",
      "network=0; capacity 'network=0': network bandwidth must be >= 1 bit per second: 0",
      "connections=0; capacity 'connections=0': connection limit must be >= 1: 0",
      "rate.api=0/s; capacity 'rate.api=0/s': rate limit '0/s': permits must be >= 1",
      "memory=lots; capacity 'memory=lots': memory 'lots' must look like 512m or 24g"})
  void parse_absurdValues(String text, String message) {
    assertThatThrownBy(() -> Capacity.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void builder_absurdValues() {
    assertThatThrownBy(() -> Capacity.builder().cpuCores(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu cores must be a positive number: 0.0");
    assertThatThrownBy(() -> Capacity.builder().memory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("available memory must be > 0 bytes: 0");
    assertThatThrownBy(() -> Capacity.builder().diskIops(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disk IOPS must be a positive number: Infinity");
    assertThatThrownBy(() -> Capacity.builder().networkBandwidth(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("network bandwidth must be > 0 bits per second: -1");
    assertThatThrownBy(() -> Capacity.builder().connectionLimit(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection limit must be >= 1: -3");
    assertThatThrownBy(() -> Capacity.builder().rateLimit("", RateLimit.parse("1/s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit name cannot be blank");
    assertThatThrownBy(() -> Capacity.builder().rateLimit(null, RateLimit.parse("1/s")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rate limit name cannot be null");
  }

  @Test
  void orElse_configuredWinsMeasuredFills() {
    ResourceSnapshot measured = ResourceSnapshot.builder().cpuCores(16).memory(64L << 30, 60L << 30)
        .diskIops(40_000).source(Resource.CPU, "measured: test")
        .source(Resource.DISK, "measured: probe")
        .rateLimit("github-api", RateLimit.parse("1000/h"))
        .rateLimit("openai", RateLimit.parse("10000/min")).build();
    Capacity configured = Capacity.builder().cpuCores(2).diskIops(15_000)
        .rateLimit("github-api", RateLimit.parse("5000/h")).build();

    Capacity merged = configured.orElse(Capacity.of(measured));

    assertThat(merged.cpuCores()).hasValue(2.0);
    assertThat(merged.source(Resource.CPU)).isEqualTo("configured");
    assertThat(merged.memoryAvailable()).hasValue(60L << 30);
    assertThat(merged.source(Resource.MEMORY)).isEqualTo("configured");
    assertThat(merged.diskIops()).hasValue(15_000);
    assertThat(merged.networkBandwidth()).isEmpty();
    assertThat(merged.source(Resource.NETWORK)).isEqualTo("unknown");
    assertThat(merged.rateLimits()).containsOnlyKeys("github-api", "openai");
    assertThat(merged.rateLimit("github-api")).contains(RateLimit.parse("5000/h"));
    assertThat(merged.missing(EnumSet.allOf(Resource.class))).containsExactly(Resource.NETWORK);
  }

  @Test
  void of_snapshotKeepsSources() {
    ResourceSnapshot measured = ResourceSnapshot.builder().cpuCores(4).memory(100, 50)
        .source(Resource.CPU, "measured: cgroup").build();
    Capacity c = Capacity.of(measured);
    assertThat(c.cpuCores()).hasValue(4.0);
    assertThat(c.memoryAvailable()).hasValue(50);
    assertThat(c.source(Resource.CPU)).isEqualTo("measured: cgroup");
    assertThat(c.source(Resource.DISK)).isEqualTo("unknown");
  }
}
