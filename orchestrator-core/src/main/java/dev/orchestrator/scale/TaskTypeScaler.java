package dev.orchestrator.scale;

import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.task.TaskType;
import java.util.Objects;

/**
 * How many agents the tasks of one {@link TaskType} can use at once on a machine: the resource cap
 * of that type. The {@link AutoScaler} asks the scaler registered for each type in a plan and
 * combines the caps (see {@code docs/scaling-model.md}).
 *
 * <p>The built-ins cover the built-in types. Register your own per type on the builder, or through
 * {@link java.util.ServiceLoader} with a {@link TaskTypeScalerProvider}:
 *
 * <pre>{@code
 * AutoScaler scaler = AutoScaler.builder()
 *     .scaler(TaskType.of("llm-call"), TaskTypeScaler.rateLimited(RateLimit.parse("600/min")))
 *     .scaler(TaskType.of("gpu-render"), TaskTypeScaler.atMost(4, "4 GPUs"))
 *     .build();
 * }</pre>
 *
 * <p>A scaler sees only public values, and must be a pure function of them: thread-safe, fast, and
 * never returning fewer than 1 agent (an {@link AgentCap} cannot hold 0).
 */
@FunctionalInterface
public interface TaskTypeScaler {

  /**
   * The cap for this type's work.
   *
   * @param work the tasks of this type in the plan
   * @param capacity the machine, measured and configured; figures nobody knows are absent
   * @param costs the coordination cost model
   * @return the cap, its limit and its reason
   */
  AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs);

  /**
   * File I/O, bounded by disk IOPS with one I/O operation per task: {@link #fileIo(double)}.
   */
  static TaskTypeScaler fileIo() {
    return fileIo(1);
  }

  /**
   * File I/O, bounded by disk IOPS (Little's law). A task issues {@code opsPerTask} I/O operations
   * over its duration {@code t}, so {@code n} agents issue {@code n × ops ÷ t} per second, which
   * must stay within the disk's IOPS: {@code cap = IOPS × t ÷ ops}.
   *
   * @throws IllegalArgumentException if {@code opsPerTask} is not positive
   */
  static TaskTypeScaler fileIo(double opsPerTask) {
    return new BuiltInScalers.FileIo(opsPerTask);
  }

  /**
   * Calls to a rate-limited service (Little's law): {@code cap = rate × latency}, the latency being
   * the tasks' mean duration. The limit used is the one named like the task type if configured,
   * else the only one configured, else the strictest (with a warning); none: no cap and a warning.
   */
  static TaskTypeScaler apiCall() {
    return new BuiltInScalers.ApiCall(null);
  }

  /**
   * Calls limited by the configured rate limit named {@code rateLimitName}; if it is not
   * configured: no cap and a warning.
   */
  static TaskTypeScaler apiCall(String rateLimitName) {
    Objects.requireNonNull(rateLimitName, "rate limit name cannot be null");
    return new BuiltInScalers.ApiCall(rateLimitName);
  }

  /** Calls limited by this rate, whatever the capacity says: {@code cap = rate × latency}. */
  static TaskTypeScaler rateLimited(RateLimit limit) {
    Objects.requireNonNull(limit, "rate limit cannot be null");
    return new BuiltInScalers.FixedRate(limit);
  }

  /**
   * CPU-bound work: {@code cap = floor(cores)}, at least 1. More threads than cores gain nothing
   * for work that never waits.
   */
  static TaskTypeScaler computation() {
    return BuiltInScalers.Computation.INSTANCE;
  }

  /**
   * Network transfers: the configured connection limit; no cap when none is configured. Bandwidth
   * is not used, since nobody knows a task's share of it: see {@link #network(long)}.
   */
  static TaskTypeScaler network() {
    return new BuiltInScalers.Network(0, BindingLimit.NETWORK);
  }

  /**
   * Network transfers that each need {@code bitsPerSecondPerTask}: {@code cap = min(connection
   * limit, bandwidth ÷ per-task bandwidth)}.
   *
   * @throws IllegalArgumentException if {@code bitsPerSecondPerTask < 1}
   */
  static TaskTypeScaler network(long bitsPerSecondPerTask) {
    if (bitsPerSecondPerTask < 1) {
      throw new IllegalArgumentException(
          "bandwidth per task must be >= 1 bit per second: " + bitsPerSecondPerTask);
    }
    return new BuiltInScalers.Network(bitsPerSecondPerTask, BindingLimit.NETWORK);
  }

  /** Deployments: like {@link #network()}, bounded by the configured connection limit. */
  static TaskTypeScaler deployment() {
    return new BuiltInScalers.Network(0, BindingLimit.NETWORK);
  }

  /**
   * Micro-tasks: the most agents whose coordination overhead stays under 10 % of the predicted
   * time of this type's work: {@link #micro(double)} with 0.10.
   */
  static TaskTypeScaler micro() {
    return micro(0.10);
  }

  /**
   * Micro-tasks: the largest {@code n} with {@code O(n) ≤ share × (W ÷ n + O(n))}, where {@code W}
   * is this type's work and {@code O(n)} the cost model's overhead for its tasks.
   *
   * @throws IllegalArgumentException if {@code maxOverheadShare} is not strictly between 0 and 1
   */
  static TaskTypeScaler micro(double maxOverheadShare) {
    return new BuiltInScalers.Micro(maxOverheadShare);
  }

  /** General work: no resource cap; the graph and the overhead decide. */
  static TaskTypeScaler general() {
    return BuiltInScalers.General.INSTANCE;
  }

  /**
   * At most {@code agents} at once, for a reason of the user's ("4 GPUs", "the licence allows
   * 10").
   *
   * @throws IllegalArgumentException if {@code agents < 1}
   */
  static TaskTypeScaler atMost(int agents, String reason) {
    Objects.requireNonNull(reason, "reason cannot be null");
    AgentCap cap = AgentCap.of(agents, BindingLimit.CUSTOM, reason);
    return (work, capacity, costs) -> cap;
  }

  /** The built-in scaler of a built-in type; {@link #general()} for any other type. */
  static TaskTypeScaler builtInFor(TaskType type) {
    Objects.requireNonNull(type, "type cannot be null");
    if (type.equals(TaskType.FILE_IO)) {
      return fileIo();
    } else if (type.equals(TaskType.API_CALL)) {
      return apiCall();
    } else if (type.equals(TaskType.COMPUTATION)) {
      return computation();
    } else if (type.equals(TaskType.NETWORK)) {
      return network();
    } else if (type.equals(TaskType.DEPLOYMENT)) {
      return deployment();
    } else if (type.equals(TaskType.MICRO)) {
      return micro();
    }
    return general();
  }
}
