/**
 * Scaling: how many agents a plan deserves. {@link dev.orchestrator.scale.AutoScaler} weighs the
 * graph's bound, the coordination {@link dev.orchestrator.scale.CostModel cost model} and the
 * {@link dev.orchestrator.scale.Capacity capacity} caps of each task type's
 * {@link dev.orchestrator.scale.TaskTypeScaler} into an explained
 * {@link dev.orchestrator.scale.ScalingDecision}; the goal classifier and the planner SPI read
 * plain-English goals.
 *
 * <p>Uses {@code task}, {@code plan}, {@code resource}, {@code history}, the JDK, Guava and SLF4J.
 */
package dev.orchestrator.scale;
