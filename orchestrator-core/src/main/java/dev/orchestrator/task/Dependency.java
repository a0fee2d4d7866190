package dev.orchestrator.task;

import java.util.Objects;

/**
 * An edge of the task graph, seen from the dependent task: "this task comes after {@code on}".
 *
 * <p>{@code on} names a task id or, inside a {@code Workflow}, a block of tasks (every task that a
 * {@code forEach}, {@code chunked} or {@code files} call made under that name).
 *
 * @param on the id of the task (or block) this task depends on
 * @param kind how it depends on it
 */
public record Dependency(String on, DependencyKind kind) {

  public Dependency {
    Objects.requireNonNull(on, "dependency id cannot be null");
    Objects.requireNonNull(kind, "dependency kind cannot be null");
    if (on.isBlank()) {
      throw new IllegalArgumentException("dependency id cannot be blank");
    }
  }

  /** A {@link DependencyKind#HARD} dependency on {@code on}. */
  public static Dependency hard(String on) {
    return new Dependency(on, DependencyKind.HARD);
  }

  /** A {@link DependencyKind#SOFT} dependency on {@code on}. */
  public static Dependency soft(String on) {
    return new Dependency(on, DependencyKind.SOFT);
  }

  /** A {@link DependencyKind#DATA} dependency on {@code on}. */
  public static Dependency data(String on) {
    return new Dependency(on, DependencyKind.DATA);
  }
}
