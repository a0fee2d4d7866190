package dev.orchestrator.task;

/** How a task depends on another. */
public enum DependencyKind {
  // HARD stays first: compact dependency arrays store kinds by ordinal and leave HARD (0) implicit.
  /** Runs only after the other task succeeded; if it fails, the dependent is skipped. */
  HARD,
  /** Waits for the other task to finish, whatever its outcome. */
  SOFT,
  /** Like {@link #HARD}, and the dependent reads the other task's output with {@code ctx.input(id, type)}. */
  DATA
}
