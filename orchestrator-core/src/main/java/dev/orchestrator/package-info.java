/**
 * The public face: {@link dev.orchestrator.Workflow} to describe work and {@code Orchestrator} to
 * plan, scale and run it. Uses every package below it; none of them uses this one.
 */
package dev.orchestrator;
