package dev.orchestrator.run;

/** What a run does when a task fails for good (after its retries). */
public enum FailurePolicy {
  /**
   * Independent branches go on: the failed task's HARD and DATA dependents are skipped, everything
   * else runs (the default).
   */
  CONTINUE,
  /**
   * The first failure cancels the run: nothing new starts, running tasks are interrupted, and every
   * task that has not finished ends CANCELLED.
   */
  FAIL_FAST
}
