package dev.orchestrator.plan;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.Objects;

/**
 * How a task graph in another format becomes a {@link Plan}: what one time unit of the file stands
 * for, the type of its tasks, and how they get their actions.
 *
 * <pre>{@code
 * Plan plan = StgFormat.read(Path.of("rand0000.stg"),
 *     ImportOptions.defaults().withTimeUnit(Duration.ofMinutes(1)).withType(TaskType.COMPUTATION));
 * }</pre>
 *
 * @param timeUnit what one unit of a task's time in the file stands for (used by formats whose
 *     times have no unit, such as {@code .stg}; WfCommons times are seconds)
 * @param type the type of every imported task
 * @param binder gives the imported tasks their actions
 */
public record ImportOptions(Duration timeUnit, TaskType type, ActionBinder binder) {

  /** One unit of time in a file without units: one second. */
  public static final Duration DEFAULT_TIME_UNIT = Duration.ofSeconds(1);

  private static final ImportOptions DEFAULTS =
      new ImportOptions(DEFAULT_TIME_UNIT, TaskType.GENERAL, ActionBinder.unbound());

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeUnit} is zero or negative
   */
  public ImportOptions {
    Objects.requireNonNull(timeUnit, "time unit cannot be null");
    Objects.requireNonNull(type, "task type cannot be null");
    Objects.requireNonNull(binder, "action binder cannot be null");
    if (timeUnit.isNegative() || timeUnit.isZero()) {
      throw new IllegalArgumentException("time unit must be positive: " + timeUnit);
    }
  }

  /** One second per unit, {@link TaskType#GENERAL}, no actions bound. */
  public static ImportOptions defaults() {
    return DEFAULTS;
  }

  /** These options with another time unit. */
  public ImportOptions withTimeUnit(Duration timeUnit) {
    return new ImportOptions(timeUnit, type, binder);
  }

  /** These options with another task type. */
  public ImportOptions withType(TaskType type) {
    return new ImportOptions(timeUnit, type, binder);
  }

  /** These options with another action binder. */
  public ImportOptions withBinder(ActionBinder binder) {
    return new ImportOptions(timeUnit, type, binder);
  }

  /** {@code units} time units as a duration, saturating rather than overflowing. */
  Duration units(long units) {
    try {
      return timeUnit.multipliedBy(units);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(units + " time units of " + timeUnit + " overflow a duration",
          e);
    }
  }

  /** The action of an imported task: the binder's, or one that fails naming the task. */
  dev.orchestrator.task.TaskAction actionFor(String id, String name) {
    dev.orchestrator.task.TaskAction action = binder.bind(id, name);
    return action != null ? action : ActionBinder.missing(id);
  }
}
