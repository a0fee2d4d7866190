/**
 * The discrete-event {@link dev.orchestrator.sim.Simulator}: runs a plan on a virtual clock with
 * the scheduling policy real runs use, for wave estimates, the scaler's predicted makespan and the
 * {@code simulate} command.
 *
 * <p>Uses only {@code plan} (and its internal dispatch core) and {@code task}.
 */
package dev.orchestrator.sim;
