/**
 * The int-indexed task graph behind a plan. Not exported: other packages of this module reach a
 * plan's graph through {@link dev.orchestrator.graph.PlanInternals}. Uses only the task vocabulary
 * and the JDK, so the plan package may build on it without a cycle.
 */
package dev.orchestrator.graph;
