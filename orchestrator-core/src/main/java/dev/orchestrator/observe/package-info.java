/**
 * Observing runs: the immutable {@link dev.orchestrator.observe.RunEvent events} a run produces and
 * the {@link dev.orchestrator.observe.RunListener} that receives them; the {@link
 * dev.orchestrator.observe.ConsoleDashboard}; the {@link dev.orchestrator.observe.RunFiles} of a run
 * directory (dashboard snapshot, task manifests, JSON and HTML reports); and the {@link
 * dev.orchestrator.observe.RunReport} a run ends with, with its {@link
 * dev.orchestrator.observe.RunMetrics}.
 *
 * <p>Uses the {@code task} and {@code plan} packages, Jackson and SLF4J; not the engine.
 */
package dev.orchestrator.observe;
