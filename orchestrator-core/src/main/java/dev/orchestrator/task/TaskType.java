package dev.orchestrator.task;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What kind of work a task does, which decides the resource that limits how many of them may run at
 * once (disk for file I/O, a rate limit for API calls, cores for computation, ...).
 *
 * <p>The built-in constants cover the common kinds; {@link #of(String)} names any other, and a
 * {@code TaskTypeScaler} registered for that name tells the auto-scaler how to treat it. Names are
 * case-insensitive and {@code _} equals {@code -}: {@code TaskType.of("FILE_IO") == TaskType.FILE_IO}.
 */
public final class TaskType implements Comparable<TaskType> {

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.:-]*");

  /** Reading, writing, renaming files: limited by disk IOPS. */
  public static final TaskType FILE_IO = new TaskType("file-io");
  /** Calls to a rate-limited service: limited by rate x latency (Little's law). */
  public static final TaskType API_CALL = new TaskType("api-call");
  /** CPU-bound work: more threads than cores gain nothing. */
  public static final TaskType COMPUTATION = new TaskType("computation");
  /** Transfers and remote operations: limited by bandwidth and connections. */
  public static final TaskType NETWORK = new TaskType("network");
  /** Rolling software out to machines: limited by connections. */
  public static final TaskType DEPLOYMENT = new TaskType("deployment");
  /** Very short tasks whose coordination overhead matters. */
  public static final TaskType MICRO = new TaskType("micro");
  /** Anything else: no resource cap beyond the graph and the overhead. */
  public static final TaskType GENERAL = new TaskType("general");

  private static final TaskType[] BUILT_IN = {
    FILE_IO, API_CALL, COMPUTATION, NETWORK, DEPLOYMENT, MICRO, GENERAL
  };

  private final String name;

  private TaskType(String name) {
    this.name = name;
  }

  /**
   * The task type with this name: a built-in constant when the name is one of theirs, else a new
   * type that compares equal to every other of the same name.
   *
   * @param name letters, digits, {@code .}, {@code :} and {@code -}; case and {@code _} vs {@code -}
   *     do not matter
   * @return the type
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank or has other characters
   */
  public static TaskType of(String name) {
    Objects.requireNonNull(name, "task type name cannot be null");
    String normalized = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    if (!VALID.matcher(normalized).matches()) {
      throw new IllegalArgumentException(
          "task type name '" + name + "' must start with a letter or digit and contain only"
              + " letters, digits, '.', ':' or '-'");
    }
    for (TaskType builtIn : BUILT_IN) {
      if (builtIn.name.equals(normalized)) {
        return builtIn;
      }
    }
    return new TaskType(normalized);
  }

  /** The built-in types, in declaration order. */
  public static java.util.List<TaskType> builtIns() {
    return java.util.List.of(BUILT_IN);
  }

  /** The normalized name, for example {@code file-io}. */
  public String name() {
    return name;
  }

  /** Whether this is one of the constants of this class. */
  public boolean isBuiltIn() {
    for (TaskType builtIn : BUILT_IN) {
      if (builtIn == this) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int compareTo(TaskType other) {
    return name.compareTo(other.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskType other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
