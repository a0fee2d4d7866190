package dev.orchestrator.observe;

import java.time.Duration;

/**
 * What one agent of a run's pool did.
 *
 * @param name the agent's name ({@code agent-1}, ...)
 * @param tasks the task attempts it ran
 * @param busy the time it spent running them
 * @param alive the time from its start to its end (retired, replaced, or the end of the run)
 * @param abandoned whether it was abandoned while stuck in an attempt that ignored its timeout
 */
public record AgentStatistics(String name, int tasks, Duration busy, Duration alive,
    boolean abandoned) {}
