package dev.orchestrator.task;

/**
 * The work of a task that produces no output: {@code ctx -> deploy(server)}.
 *
 * @see TaskFunction for a task whose output a {@link DependencyKind#DATA DATA} dependent reads
 */
@FunctionalInterface
public interface TaskAction {

  /**
   * Does the work. Throwing fails this attempt (the task's retry policy decides what happens next).
   *
   * @param ctx the task's view of the run: inputs, progress, cancellation, spawning
   * @throws Exception any failure of the work
   */
  void run(TaskContext ctx) throws Exception;
}
