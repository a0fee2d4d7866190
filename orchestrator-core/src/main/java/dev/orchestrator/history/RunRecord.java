package dev.orchestrator.history;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finished run as the history keeps it: one line of the history file.
 *
 * @param time when the run started
 * @param runId the run's id
 * @param plan the plan's name
 * @param type the plan's dominant task type (the type with the most planned work)
 * @param taskTypes tasks per type name
 * @param tasks the plan's tasks (the preview's "subtasks")
 * @param agents the most agents the run had at once
 * @param makespan how long it took
 * @param efficiency its parallelism efficiency ({@code RunMetrics})
 * @param successRate succeeded ÷ tasks
 * @param durations per type: the mean time of its tasks that succeeded on their first attempt
 */
public record RunRecord(Instant time, String runId, String plan, TaskType type,
    Map<String, Integer> taskTypes, int tasks, int agents, Duration makespan, double efficiency,
    double successRate, Map<TaskType, Duration> durations) {

  /**
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException if {@code tasks} or {@code agents} is below 1 or the
   *     makespan is negative (see {@link PastRun})
   */
  public RunRecord {
    Objects.requireNonNull(time, "time cannot be null");
    Objects.requireNonNull(runId, "run id cannot be null");
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(type, "type cannot be null");
    taskTypes = Collections.unmodifiableMap(new LinkedHashMap<>(taskTypes));
    durations = Collections.unmodifiableMap(new LinkedHashMap<>(durations));
    new PastRun(type, tasks, agents, makespan); // the same checks
  }

  /** This run as the scaler compares runs. */
  public PastRun toPastRun() {
    return new PastRun(type, tasks, agents, makespan);
  }
}
