package dev.orchestrator.history;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Objects;

/**
 * One finished run, as the scaler needs it: what kind of work, how much of it, on how many agents,
 * and how long it took.
 *
 * @param type the plan's dominant task type (the type with the most work)
 * @param taskCount the number of tasks the plan had
 * @param agents the agents it ran on
 * @param makespan the time from the first start to the last finish
 */
public record PastRun(TaskType type, int taskCount, int agents, Duration makespan) {

  /** Work is similar when its size is within this share of the other's: ±20 %. */
  public static final double SIMILAR_SIZE = 0.20;

  /**
   * @throws NullPointerException if {@code type} or {@code makespan} is null
   * @throws IllegalArgumentException if a count is below 1 or the makespan is negative
   */
  public PastRun {
    Objects.requireNonNull(type, "type cannot be null");
    Objects.requireNonNull(makespan, "makespan cannot be null");
    if (taskCount < 1) {
      throw new IllegalArgumentException("past run task count must be >= 1: " + taskCount);
    }
    if (agents < 1) {
      throw new IllegalArgumentException("past run agents must be >= 1: " + agents);
    }
    if (makespan.isNegative()) {
      throw new IllegalArgumentException("past run makespan cannot be negative: " + makespan);
    }
  }

  /**
   * Whether this run did similar work: the same type and a task count within {@link #SIMILAR_SIZE}
   * of {@code taskCount} ({@code |this.taskCount − taskCount| ≤ 0.2 × taskCount}).
   */
  public boolean isSimilarTo(TaskType type, int taskCount) {
    Objects.requireNonNull(type, "type cannot be null");
    return this.type.equals(type)
        && Math.abs((long) this.taskCount - taskCount) <= SIMILAR_SIZE * taskCount;
  }

  /** This run's makespan scaled to {@code taskCount} tasks, to compare runs of different sizes. */
  public Duration makespanScaledTo(int taskCount) {
    return Duration.ofNanos(Math.round(makespan.toNanos() * ((double) taskCount / this.taskCount)));
  }
}
