/**
 * The execution engine: a pool of long-lived agents (virtual threads by default, each with warm
 * state from an {@link dev.orchestrator.run.AgentFactory}) pulling tasks from the shared
 * scheduling policy, with retries, timeouts, spawning, pause, cancel and resizing, behind the
 * {@link dev.orchestrator.run.Run} handle.
 *
 * <p>Uses {@code task}, {@code plan} (and its internal dispatch core), {@code observe}; later also
 * {@code scale}, {@code resource} and {@code history}.
 */
package dev.orchestrator.run;
