package dev.orchestrator.task;

/**
 * The priority class of a task. Among ready tasks the scheduler starts higher classes first;
 * within a class it prefers the task with the longest remaining path to the end of the graph.
 *
 * <p>Waiting tasks age: a task left waiting long enough is {@linkplain #boosted() boosted} one class,
 * but never to {@link #CRITICAL}, which stays reserved for tasks the user marked so.
 */
public enum Priority {
  CRITICAL,
  HIGH,
  NORMAL,
  LOW;

  /**
   * The class one step more urgent, stopping at {@link #HIGH}: ageing never makes a task critical.
   *
   * @return the boosted priority ({@code LOW -> NORMAL -> HIGH}); {@code HIGH} and {@code CRITICAL}
   *     stay as they are
   */
  public Priority boosted() {
    return switch (this) {
      case LOW -> NORMAL;
      case NORMAL, HIGH -> HIGH;
      case CRITICAL -> CRITICAL;
    };
  }
}
