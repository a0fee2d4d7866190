/**
 * The int-indexed task graph behind a {@link dev.orchestrator.plan.Plan} and the scheduling policy
 * that both the simulator and the real scheduler follow. Not exported: other packages of this
 * module reach it through {@link dev.orchestrator.plan.internal.PlanInternals}.
 */
package dev.orchestrator.plan.internal;
