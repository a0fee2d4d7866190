package dev.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void build_defaults_expectEveryListedMember() {
    ClusterConfig c = ClusterConfig.builder().port(5701).members(5701, 5702, 5703).agents(2).build();
    assertThat(c.expectedMembers()).isEqualTo(3);
    assertThat(c.members()).containsExactly(5701, 5702, 5703);
    assertThat(c.clusterName()).isEqualTo("orchestrator");
    assertThat(c.failureDetection()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.hazelcastLogs()).isFalse();
  }

  @Test
  void port_outOfRange_namesTheRange() {
    assertThatThrownBy(() -> ClusterConfig.builder().port(80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster port must be within [1024, 65535]: 80");
    assertThatThrownBy(() -> ClusterConfig.builder().members(5701, 70_000))
        .hasMessage("member port must be within [1024, 65535]: 70000");
  }

  @Test
  void members_portTwice_isRefused() {
    assertThatThrownBy(() -> ClusterConfig.builder().members(5701, 5701))
        .hasMessage("member port 5701 is given twice");
  }

  @Test
  void build_portNotAmongMembers_isRefused() {
    assertThatThrownBy(() -> ClusterConfig.builder().port(5709).members(5701, 5702).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster port 5709 is not among the member ports [5701, 5702]");
  }

  @Test
  void build_moreExpectedThanListed_isRefused() {
    assertThatThrownBy(() -> ClusterConfig.builder().port(5701).members(5701).expectedMembers(2)
        .build()).hasMessage("expected members (2) cannot exceed the member ports listed (1)");
  }

  @Test
  void build_missingPorts_sayWhatToCall() {
    assertThatThrownBy(() -> ClusterConfig.builder().build())
        .hasMessage("cluster port is not set: call port(p)");
    assertThatThrownBy(() -> ClusterConfig.builder().port(5701).build())
        .hasMessage("member ports are not set: call members(p1, p2, ...)");
  }

  @Test
  void settings_outOfRange_areRefusedByName() {
    assertThatThrownBy(() -> ClusterConfig.builder().agents(0))
        .hasMessage("agents per member must be >= 1: 0");
    assertThatThrownBy(() -> ClusterConfig.builder().failureDetection(Duration.ofMillis(500)))
        .hasMessage("failure detection must be >= 1 s: PT0.5S");
    assertThatThrownBy(() -> ClusterConfig.builder().startTimeout(Duration.ZERO))
        .hasMessage("start timeout must be positive: PT0S");
    assertThatThrownBy(() -> ClusterConfig.builder().expectedMembers(0))
        .hasMessage("expected members must be >= 1: 0");
    assertThatThrownBy(() -> ClusterConfig.builder().clusterName(" "))
        .hasMessage("cluster name cannot be blank");
  }
}
