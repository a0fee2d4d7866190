/**
 * Observing runs: the immutable {@link dev.orchestrator.observe.RunEvent events} a run produces,
 * the {@link dev.orchestrator.observe.RunListener} that receives them, and the {@link
 * dev.orchestrator.observe.RunReport} a run ends with (task outcomes, pool statistics, manifests).
 *
 * <p>Uses the {@code task} and {@code plan} packages, Jackson and SLF4J; not the engine.
 */
package dev.orchestrator.observe;
