/**
 * Execution history: what past runs of similar work teach the scaler. This package holds the hook
 * the scaler asks ({@link dev.orchestrator.history.ExecutionHistory}) and its value
 * ({@link dev.orchestrator.history.PastRun}); the store that records runs implements the hook.
 *
 * <p>Uses the {@code task} vocabulary, {@code plan} and the JDK (the store adds Jackson).
 */
package dev.orchestrator.history;
