package dev.orchestrator.history;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * @param durations per type: the mean duration of its tasks' succeeded attempts
 * @param taskDurations per task id: the duration of its succeeded attempt, from the attempt's start
 *     to its end (without the backoff before it or the time it waited to be admitted)
 * @param patternDurations per name pattern (the task ids with digits replaced, {@code
 *     deploy-srv-#}): the mean of {@code taskDurations} over its tasks
 * @param restored tasks a resumed run restored from its journal instead of running; {@code tasks}
 *     counts only the others, and the makespan is the resumed run's own
 * @param estimate the makespan predicted before the run, if there was one
 */
public record RunRecord(Instant time, String runId, String plan, TaskType type,
    Map<String, Integer> taskTypes, int tasks, int agents, Duration makespan, double efficiency,
    double successRate, Map<TaskType, Duration> durations, Map<String, Duration> taskDurations,
    Map<String, Duration> patternDurations, int restored, Optional<Duration> estimate) {

  /** A record without per-task durations, restored tasks or estimate. */
  public RunRecord(Instant time, String runId, String plan, TaskType type,
      Map<String, Integer> taskTypes, int tasks, int agents, Duration makespan, double efficiency,
      double successRate, Map<TaskType, Duration> durations) {
    this(time, runId, plan, type, taskTypes, tasks, agents, makespan, efficiency, successRate,
        durations, Map.of(), Map.of(), 0, Optional.empty());
  }

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
    taskDurations = Collections.unmodifiableMap(new LinkedHashMap<>(taskDurations));
    patternDurations = Collections.unmodifiableMap(new LinkedHashMap<>(patternDurations));
    Objects.requireNonNull(estimate, "estimate cannot be null (use Optional.empty())");
    if (restored < 0) {
      throw new IllegalArgumentException("restored tasks cannot be negative: " + restored);
    }
    new PastRun(type, tasks, agents, makespan); // the same checks
  }

  /**
   * How far the estimate was off: {@code |estimate − makespan| ÷ makespan}; empty without an
   * estimate or for a zero makespan.
   */
  public Optional<Double> estimateError() {
    if (estimate.isEmpty() || makespan.isZero()) {
      return Optional.empty();
    }
    return Optional.of(Math.abs(estimate.get().toNanos() - makespan.toNanos())
        / (double) makespan.toNanos());
  }

  /** This run as the scaler compares runs. */
  public PastRun toPastRun() {
    return new PastRun(type, tasks, agents, makespan);
  }
}
