/**
 * Planning: the validated, immutable task graph ({@link dev.orchestrator.plan.Plan}) with its
 * analysis, the wave layout for an agent count ({@link dev.orchestrator.plan.WavePlan}), and the
 * plan's JSON form and importers.
 *
 * <p>Uses the {@code task} vocabulary, the JDK, Guava and Jackson.
 */
package dev.orchestrator.plan;
