package dev.orchestrator.observe;

/**
 * Where a task stands in a run. Every task ends in exactly one of the four terminal states.
 */
public enum TaskState {
  /** Not started yet (waiting for dependencies, ready, or waiting out a retry delay). */
  PENDING,
  /** An attempt is running, or its own work is done and spawned children still run. */
  RUNNING,
  /** Its work (and every child it spawned) succeeded. */
  SUCCEEDED,
  /** Its last attempt failed, a gate stayed shut, or a child it spawned failed. */
  FAILED,
  /** Never ran because a HARD or DATA dependency failed or was skipped. */
  SKIPPED,
  /** Never ran, or was stopped, because the run was cancelled (by the user or by FAIL_FAST). */
  CANCELLED;

  /** Whether this is one of the four states a task ends in. */
  public boolean isTerminal() {
    return ordinal() >= SUCCEEDED.ordinal();
  }
}
