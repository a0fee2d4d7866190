package dev.orchestrator.run;

/**
 * What a run does with a task that stays silent (no {@code ctx.progress}, no {@code ctx.heartbeat})
 * past its stall limit ({@code TaskSpec.stallTimeout()}, else the run's default).
 */
public enum StallAction {
  /** Report it (a {@code TaskStalled} event and an entry in the report) and let it run on. */
  FLAG,
  /**
   * Report it, then interrupt the attempt (abandoning it after the timeout grace if it ignores the
   * interrupt): the attempt fails with a {@code TimeoutException} and the task is retried if its
   * retry policy allows another attempt.
   */
  CANCEL
}
