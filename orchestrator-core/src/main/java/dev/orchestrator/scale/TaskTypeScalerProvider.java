package dev.orchestrator.scale;

import dev.orchestrator.task.TaskType;

/**
 * Registers a {@link TaskTypeScaler} through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.orchestrator.scale.TaskTypeScalerProvider} (or {@code provides} it in
 * a module) and every {@link AutoScaler} uses it for its type, unless the builder registers another.
 *
 * <pre>{@code
 * public final class LlmCallScaler implements TaskTypeScalerProvider {
 *   public TaskType taskType() { return TaskType.of("llm-call"); }
 *   public TaskTypeScaler scaler() { return TaskTypeScaler.rateLimited(RateLimit.parse("600/min")); }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor.
 */
public interface TaskTypeScalerProvider {

  /** The type the scaler is for. */
  TaskType taskType();

  /** The scaler. */
  TaskTypeScaler scaler();
}
