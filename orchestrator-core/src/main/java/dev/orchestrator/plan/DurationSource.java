package dev.orchestrator.plan;

/**
 * Where a task's planned duration came from: the one duration model behind every time the
 * preview, the scaler, the simulator and the dashboard print ({@link Plan#durationSource}).
 *
 * <p>Precedence, first that applies: {@link #LEARNED_TASK}, {@link #LEARNED_PATTERN}, {@link
 * #ESTIMATE}, {@link #LEARNED_TYPE}, {@link #DEFAULT}. What a past run of the same plan measured
 * for a task (or for tasks named like it) beats the estimate written before any run; a type's
 * average, learned over any plan, only fills in for a task without an estimate.
 */
public enum DurationSource {
  /** The task's own estimate ({@code TaskSpec.Builder.estimate}); gates take no time. */
  ESTIMATE("estimated"),
  /** Measured for this task id in past runs of the same plan (per attempt, without backoff). */
  LEARNED_TASK("learned for the task"),
  /** Measured for tasks of the same name pattern (digits aside) in past runs of the same plan. */
  LEARNED_PATTERN("learned for the name pattern"),
  /** The mean of the task's type over recent runs of any plan. */
  LEARNED_TYPE("learned for the type"),
  /** Nothing known: the plan's default estimate ({@link Plan#DEFAULT_ESTIMATE} unless set). */
  DEFAULT("default");

  private final String label;

  DurationSource(String label) {
    this.label = label;
  }

  /** How the preview names it: {@code "learned for the task"}. */
  public String label() {
    return label;
  }
}
