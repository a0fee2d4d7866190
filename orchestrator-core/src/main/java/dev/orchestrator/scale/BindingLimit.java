package dev.orchestrator.scale;

/** What stopped the agent count from going higher: the limit a {@link ScalingDecision} met. */
public enum BindingLimit {
  /** The dependencies: no more tasks can ever run at once, or the critical path allows no gain. */
  DEPENDENCIES("the dependencies: the graph's width or its critical path"),
  /** Every task has an agent of its own: more agents would find nothing to do. */
  TASK_COUNT("the number of tasks: every task has its own agent"),
  /** The plan's execution mode, or the user's limit on it, allows no more tasks at once. */
  CONCURRENCY_LIMIT("the plan's concurrency limit"),
  /** CPU-bound work: more threads than cores gain nothing. */
  CPU("the CPU cores"),
  /** Each agent holds memory; no more fit. */
  MEMORY("the available memory"),
  /** File tasks would exceed the disk's I/O operations per second. */
  DISK_IOPS("the disk's IOPS"),
  /** Network and deployment tasks would exceed the connection limit or the bandwidth. */
  NETWORK("the network's connections or bandwidth"),
  /** Calls would exceed a service's rate limit (Little's law: rate × latency). */
  RATE_LIMIT("a rate limit"),
  /** More agents would cost more in coordination than they save. */
  OVERHEAD("the coordination overhead"),
  /** The best configuration observed in past runs of similar work. */
  HISTORY("the best configuration of similar past runs"),
  /** A user-registered scaler's own limit. */
  CUSTOM("a user-registered scaler's limit"),
  /** The user asked for this many agents, and gets exactly that. */
  USER_OVERRIDE("the user's requested agent count");

  private final String description;

  BindingLimit(String description) {
    this.description = description;
  }

  /** A phrase for explanations: "the disk's IOPS". */
  public String description() {
    return description;
  }
}
