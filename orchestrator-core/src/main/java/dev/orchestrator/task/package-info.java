/**
 * The vocabulary every stage shares: {@link dev.orchestrator.task.TaskSpec}, its
 * {@link dev.orchestrator.task.TaskType}, {@link dev.orchestrator.task.Priority},
 * {@link dev.orchestrator.task.Dependency dependencies}, {@link dev.orchestrator.task.RetryPolicy}
 * and the {@link dev.orchestrator.task.TaskContext} an action receives.
 *
 * <p>This is the leaf package: it uses only the JDK, so every other package may use it.
 */
package dev.orchestrator.task;
