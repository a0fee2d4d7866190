package dev.orchestrator.scale;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Objects;

/**
 * The work of one task type in a plan, as a {@link TaskTypeScaler} sees it.
 *
 * @param type the task type
 * @param tasks how many tasks of this type the plan has, at least 1
 * @param widest the most tasks of this type on one dependency level: the most that can be ready at
 *     once in waves
 * @param totalWork the sum of their durations
 * @param planTasks how many tasks the whole plan has
 */
public record TaskTypeWork(TaskType type, int tasks, int widest, Duration totalWork, int planTasks) {

  /**
   * @throws NullPointerException if {@code type} or {@code totalWork} is null
   * @throws IllegalArgumentException if a count is out of range or the work is negative
   */
  public TaskTypeWork {
    Objects.requireNonNull(type, "type cannot be null");
    Objects.requireNonNull(totalWork, "total work cannot be null");
    if (tasks < 1) {
      throw new IllegalArgumentException("type '" + type + "': tasks must be >= 1: " + tasks);
    }
    if (widest < 1 || widest > tasks) {
      throw new IllegalArgumentException(
          "type '" + type + "': widest must be between 1 and " + tasks + ": " + widest);
    }
    if (totalWork.isNegative()) {
      throw new IllegalArgumentException(
          "type '" + type + "': total work cannot be negative: " + totalWork);
    }
    if (planTasks < tasks) {
      throw new IllegalArgumentException(
          "type '" + type + "': plan tasks (" + planTasks + ") cannot be fewer than its " + tasks);
    }
  }

  /** The mean duration of one task of this type: total work ÷ tasks. */
  public Duration averageDuration() {
    return totalWork.dividedBy(tasks);
  }

  /** {@link #averageDuration()} in seconds, for rate arithmetic. */
  public double averageSeconds() {
    return totalWork.toNanos() / 1e9 / tasks;
  }
}
