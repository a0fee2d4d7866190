/**
 * Execution history: what past runs of similar work teach the scaler. The hook the scaler asks
 * ({@link dev.orchestrator.history.ExecutionHistory}, {@link dev.orchestrator.history.PastRun}),
 * and the JSON-lines store that records runs and implements it ({@link
 * dev.orchestrator.history.HistoryStore}, {@link dev.orchestrator.history.RunRecord}).
 *
 * <p>Uses the {@code task} vocabulary, {@code plan}, the JDK, Jackson and SLF4J.
 */
package dev.orchestrator.history;
