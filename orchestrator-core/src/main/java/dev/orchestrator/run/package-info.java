/**
 * The execution engine: a pool of long-lived agents (virtual threads by default, each with warm
 * state from an {@link dev.orchestrator.run.AgentFactory}) pulling tasks from the shared
 * scheduling policy, with retries, timeouts, spawning, pause, cancel and resizing, behind the
 * {@link dev.orchestrator.run.Run} handle; and its resilience: failure-rate adaptation and
 * rollback, resource pressure, stall detection, and the run journal that resume reads.
 *
 * <p>Uses {@code task}, {@code plan} (and its internal dispatch core), {@code observe}, {@code
 * resource} and {@code internal}.
 */
package dev.orchestrator.run;
