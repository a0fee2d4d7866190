package dev.orchestrator.plan;

/**
 * How a plan's tasks are released to the agents, with the default concurrency limit of each mode
 * (a user may override the limit; the auto-scaler never exceeds it).
 */
public enum ExecutionMode {
  /** A task starts as soon as its dependencies allow (the default). No limit of its own. */
  DEPENDENCY(Integer.MAX_VALUE, false),
  /** Waves are barriers: wave k+1 starts when all of wave k has finished. No limit of its own. */
  WAVES(Integer.MAX_VALUE, true),
  /** One task at a time, in scheduling order. */
  SEQUENTIAL(1, false),
  /** Stages (waves) with barriers between them and at most 5 tasks of a stage at once. */
  PIPELINE(5, true),
  /** Many independent tasks at maximum speed: at most 50 at once by default. */
  SWARM(50, false),
  /** Peers that exchange messages through the run's channel while they run: at most 30 at once. */
  MESH(30, false);

  private final int defaultConcurrencyLimit;
  private final boolean barriers;

  ExecutionMode(int defaultConcurrencyLimit, boolean barriers) {
    this.defaultConcurrencyLimit = defaultConcurrencyLimit;
    this.barriers = barriers;
  }

  /** The most tasks running at once unless the user sets another limit. */
  public int defaultConcurrencyLimit() {
    return defaultConcurrencyLimit;
  }

  /** Whether each wave must finish before the next starts. */
  public boolean hasBarriers() {
    return barriers;
  }
}
