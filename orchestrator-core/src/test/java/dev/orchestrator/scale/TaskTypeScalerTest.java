package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTypeScalerTest {

  private static final CostModel FREE = CostModel.builder().agentStartup(Duration.ZERO)
      .taskDispatch(Duration.ZERO).contention(0, 1).build();
  private static final CostModel SEED = CostModel.builder().agentStartup(Duration.ofMillis(300))
      .taskDispatch(Duration.ZERO).contention(0, 1).build();

  private static TaskTypeWork work(TaskType type, int tasks, Duration each) {
    return new TaskTypeWork(type, tasks, tasks, each.multipliedBy(tasks), tasks);
  }

  @Test
  void fileIo_littlesLawOnIops() {
    AgentCap cap = TaskTypeScaler.fileIo().cap(work(TaskType.FILE_IO, 1_000_000,
        Duration.ofSeconds(3)), Capacity.builder().diskIops(10_000).build(), FREE);
    assertThat(cap.agents()).isEqualTo(30_000);
    assertThat(cap.limit()).isEqualTo(BindingLimit.DISK_IOPS);
    assertThat(cap.reason()).isEqualTo("disk 10,000 IOPS × 3 s per task ÷ 1 I/O per task = 30,000");
    assertThat(cap.warnings()).isEmpty();
  }

  @Test
  void fileIo_severalOpsPerTask() {
    AgentCap cap = TaskTypeScaler.fileIo(4).cap(work(TaskType.FILE_IO, 100, Duration.ofMillis(2)),
        Capacity.builder().diskIops(10_000).build(), FREE);
    assertThat(cap.agents()).isEqualTo(5);
    assertThat(cap.reason()).isEqualTo("disk 10,000 IOPS × 2 ms per task ÷ 4 I/O per task = 5");
  }

  @Test
  void fileIo_tinyTasksStillOneAgent() {
    AgentCap cap = TaskTypeScaler.fileIo().cap(work(TaskType.FILE_IO, 10, Duration.ofNanos(10)),
        Capacity.builder().diskIops(100).build(), FREE);
    assertThat(cap.agents()).isEqualTo(1);
  }

  @Test
  void fileIo_unknownIopsWarns() {
    AgentCap cap = TaskTypeScaler.fileIo().cap(work(TaskType.FILE_IO, 10, Duration.ofSeconds(1)),
        Capacity.none(), FREE);
    assertThat(cap.isUnlimited()).isTrue();
    assertThat(cap.warnings()).containsExactly("file-io: disk IOPS unknown, so 10 file tasks are"
        + " not capped by the disk; configure it (iops=...)");
  }

  @Test
  void fileIo_badOps() {
    assertThatThrownBy(() -> TaskTypeScaler.fileIo(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("I/O operations per task must be a positive number: 0.0");
  }

  @Test
  void apiCall_onlyLimit() {
    AgentCap cap = TaskTypeScaler.apiCall().cap(work(TaskType.API_CALL, 1_000, Duration.ofMinutes(5)),
        Capacity.builder().rateLimit("github-api", RateLimit.parse("5000/h")).build(), FREE);
    assertThat(cap.agents()).isEqualTo(416); // 5000/3600 per s × 300 s = 416.7
    assertThat(cap.limit()).isEqualTo(BindingLimit.RATE_LIMIT);
    assertThat(cap.reason()).isEqualTo("rate limit 'github-api' (the only one configured):"
        + " 1.39/s × 5 min per call = 416 (Little's law)");
  }

  @Test
  void apiCall_limitNamedLikeType() {
    Capacity capacity = Capacity.builder()
        .rateLimit("github-api", RateLimit.parse("5000/h"))
        .rateLimit("openai", RateLimit.parse("600/min")).build();
    AgentCap cap = TaskTypeScaler.apiCall().cap(
        work(TaskType.of("openai"), 100, Duration.ofSeconds(2)), capacity, FREE);
    assertThat(cap.agents()).isEqualTo(20);
    assertThat(cap.reason()).startsWith("rate limit 'openai' (named like the task type)");
  }

  @Test
  void apiCall_severalLimitsStrictestWithWarning() {
    Capacity capacity = Capacity.builder()
        .rateLimit("github-api", RateLimit.parse("5000/h"))
        .rateLimit("openai", RateLimit.parse("600/min")).build();
    AgentCap cap = TaskTypeScaler.apiCall().cap(
        work(TaskType.API_CALL, 100, Duration.ofSeconds(36)), capacity, FREE);
    assertThat(cap.agents()).isEqualTo(50);
    assertThat(cap.warnings()).containsExactly("api-call: 2 rate limits are configured"
        + " [github-api, openai] and none is named 'api-call'; used the strictest, 'github-api'."
        + " Register TaskTypeScaler.apiCall(name) for this type to choose.");
  }

  @Test
  void apiCall_namedLimitMissing() {
    AgentCap cap = TaskTypeScaler.apiCall("stripe").cap(
        work(TaskType.API_CALL, 3, Duration.ofSeconds(1)), Capacity.none(), FREE);
    assertThat(cap.isUnlimited()).isTrue();
    assertThat(cap.warnings()).containsExactly("api-call: rate limit 'stripe' is not configured,"
        + " so 3 calls are not capped by a rate; configure one (rate.NAME=5000/h)");
  }

  @Test
  void apiCall_noLimit() {
    AgentCap cap = TaskTypeScaler.apiCall().cap(work(TaskType.API_CALL, 3, Duration.ofSeconds(1)),
        Capacity.none(), FREE);
    assertThat(cap.isUnlimited()).isTrue();
    assertThat(cap.warnings()).containsExactly("api-call: no rate limit is configured, so 3 calls"
        + " are not capped by a rate; configure one (rate.NAME=5000/h)");
  }

  @Test
  void rateLimited_ownRate() {
    AgentCap cap = TaskTypeScaler.rateLimited(RateLimit.parse("600/min")).cap(
        work(TaskType.of("llm-call"), 1_000, Duration.ofSeconds(4)), Capacity.none(), FREE);
    assertThat(cap.agents()).isEqualTo(40);
    assertThat(cap.reason()).isEqualTo("rate 600/min: 10/s × 4 s per call = 40 (Little's law)");
  }

  @Test
  void computation_cores() {
    AgentCap cap = TaskTypeScaler.computation().cap(
        work(TaskType.COMPUTATION, 100, Duration.ofSeconds(1)),
        Capacity.builder().cpuCores(2.5).build(), FREE);
    assertThat(cap.agents()).isEqualTo(2);
    assertThat(cap.limit()).isEqualTo(BindingLimit.CPU);
    assertThat(cap.reason())
        .isEqualTo("2.50 cores: more threads than cores gain nothing for CPU-bound work");
    AgentCap half = TaskTypeScaler.computation().cap(
        work(TaskType.COMPUTATION, 100, Duration.ofSeconds(1)),
        Capacity.builder().cpuCores(0.5).build(), FREE);
    assertThat(half.agents()).isEqualTo(1);
  }

  @Test
  void network_connectionLimitAndBandwidth() {
    Capacity capacity = Capacity.builder().connectionLimit(5_000)
        .networkBandwidth(1_000_000_000L).build();
    TaskTypeWork deploys = work(TaskType.DEPLOYMENT, 10_000, Duration.ofMinutes(3));
    assertThat(TaskTypeScaler.deployment().cap(deploys, capacity, FREE))
        .isEqualTo(AgentCap.of(5_000, BindingLimit.NETWORK, "connection limit 5,000"));
    AgentCap byBandwidth = TaskTypeScaler.network(10_000_000).cap(deploys, capacity, FREE);
    assertThat(byBandwidth.agents()).isEqualTo(100);
    assertThat(byBandwidth.reason()).isEqualTo(
        "connection limit 5,000; bandwidth 1 Gbit/s ÷ 10 Mbit/s per task = 100");
    assertThat(TaskTypeScaler.network().cap(deploys, Capacity.none(), FREE).isUnlimited()).isTrue();
    assertThatThrownBy(() -> TaskTypeScaler.network(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bandwidth per task must be >= 1 bit per second: 0");
  }

  @Test
  void micro_overheadShare() {
    // 5,000 tasks of 6 s, 0.3 s per agent: n × 0.3 n ≤ 0.1 ÷ 0.9 × 30,000 s  ⟹  n ≤ 105.
    AgentCap cap = TaskTypeScaler.micro().cap(work(TaskType.MICRO, 5_000, Duration.ofSeconds(6)),
        Capacity.builder().cpuCores(8).build(), SEED);
    assertThat(cap.agents()).isEqualTo(105);
    assertThat(cap.limit()).isEqualTo(BindingLimit.OVERHEAD);
    assertThat(cap.reason()).isEqualTo("overhead under 10.0 % of the time: at 105 agents"
        + " O = 31.5 s against 4.8 min of work each");
  }

  @Test
  void micro_freeOverheadUnlimited() {
    AgentCap cap = TaskTypeScaler.micro().cap(work(TaskType.MICRO, 50, Duration.ofSeconds(1)),
        Capacity.none(), FREE);
    assertThat(cap.isUnlimited()).isTrue();
  }

  @Test
  void micro_badShare() {
    assertThatThrownBy(() -> TaskTypeScaler.micro(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum overhead share must be between 0 and 1 (exclusive): 1.0");
  }

  @Test
  void general_andAtMost() {
    TaskTypeWork w = work(TaskType.GENERAL, 10, Duration.ofSeconds(1));
    assertThat(TaskTypeScaler.general().cap(w, Capacity.none(), FREE).isUnlimited()).isTrue();
    assertThat(TaskTypeScaler.atMost(4, "4 GPUs").cap(w, Capacity.none(), FREE))
        .isEqualTo(AgentCap.of(4, BindingLimit.CUSTOM, "4 GPUs"));
    assertThatThrownBy(() -> TaskTypeScaler.atMost(0, "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an agent cap must be >= 1 (none): 0");
  }

  @Test
  void builtInFor_eachType() {
    assertThat(TaskTypeScaler.builtInFor(TaskType.FILE_IO)).isInstanceOf(BuiltInScalers.FileIo.class);
    assertThat(TaskTypeScaler.builtInFor(TaskType.API_CALL))
        .isInstanceOf(BuiltInScalers.ApiCall.class);
    assertThat(TaskTypeScaler.builtInFor(TaskType.COMPUTATION))
        .isSameAs(BuiltInScalers.Computation.INSTANCE);
    assertThat(TaskTypeScaler.builtInFor(TaskType.NETWORK)).isInstanceOf(BuiltInScalers.Network.class);
    assertThat(TaskTypeScaler.builtInFor(TaskType.DEPLOYMENT))
        .isInstanceOf(BuiltInScalers.Network.class);
    assertThat(TaskTypeScaler.builtInFor(TaskType.MICRO)).isInstanceOf(BuiltInScalers.Micro.class);
    assertThat(TaskTypeScaler.builtInFor(TaskType.GENERAL)).isSameAs(BuiltInScalers.General.INSTANCE);
    assertThat(TaskTypeScaler.builtInFor(TaskType.of("llm"))).isSameAs(BuiltInScalers.General.INSTANCE);
  }

  @Test
  void agentCap_values() {
    assertThat(AgentCap.of(2.9, BindingLimit.CPU, "x").agents()).isEqualTo(2);
    assertThat(AgentCap.of(0.2, BindingLimit.CPU, "x").agents()).isEqualTo(1);
    assertThat(AgentCap.of(1e12, BindingLimit.CPU, "x").agents()).isEqualTo(AgentCap.UNLIMITED);
    AgentCap warned = AgentCap.of(3, BindingLimit.CPU, "x").withWarning("careful");
    assertThat(warned.warnings()).isEqualTo(List.of("careful"));
    assertThatThrownBy(() -> warned.warnings().add("more"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void taskTypeWork_validation() {
    assertThatThrownBy(() -> new TaskTypeWork(TaskType.MICRO, 0, 1, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type 'micro': tasks must be >= 1: 0");
    assertThatThrownBy(() -> new TaskTypeWork(TaskType.MICRO, 2, 3, Duration.ZERO, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type 'micro': widest must be between 1 and 2: 3");
    assertThatThrownBy(() -> new TaskTypeWork(TaskType.MICRO, 2, 2, Duration.ofSeconds(-1), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type 'micro': total work cannot be negative: PT-1S");
    assertThatThrownBy(() -> new TaskTypeWork(TaskType.MICRO, 2, 2, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type 'micro': plan tasks (1) cannot be fewer than its 2");
    assertThat(work(TaskType.MICRO, 4, Duration.ofSeconds(2)).averageSeconds()).isEqualTo(2.0);
  }
}
