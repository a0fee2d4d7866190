package dev.orchestrator.task;

/**
 * The work of a task that produces an output, which a {@link DependencyKind#DATA DATA} dependent
 * reads with {@code ctx.input(id, type)}.
 *
 * @param <T> the type of the output
 */
@FunctionalInterface
public interface TaskFunction<T> {

  /**
   * Does the work and returns its output (which may be null).
   *
   * @param ctx the task's view of the run
   * @return the output
   * @throws Exception any failure of the work
   */
  T apply(TaskContext ctx) throws Exception;
}
