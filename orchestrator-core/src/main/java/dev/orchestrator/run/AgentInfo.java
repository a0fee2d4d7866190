package dev.orchestrator.run;

import java.util.Objects;

/**
 * Who an agent is, as its {@link AgentFactory} sees it.
 *
 * @param number the agent's number in its run, from 1 (replacements and grown agents get new ones)
 * @param name its name, {@code agent-<number>}; its thread is named {@code orchestrator-<name>}
 * @param runId the run it belongs to
 */
public record AgentInfo(int number, String name, String runId) {
  public AgentInfo {
    Objects.requireNonNull(name, "agent name cannot be null");
    Objects.requireNonNull(runId, "run id cannot be null");
  }
}
