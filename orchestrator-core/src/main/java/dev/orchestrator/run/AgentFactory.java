package dev.orchestrator.run;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the warm per-agent state (a connection, a client, a loaded context) that an agent reuses
 * for every task it runs; tasks reach it with {@code ctx.agentState(Type.class)}.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .agents(8)
 *     .agentFactory(new AgentFactory<HttpClient>() {
 *       public HttpClient create(AgentInfo agent) {
 *         return HttpClient.newHttpClient();
 *       }
 *       public void close(HttpClient client) {
 *         client.close();
 *       }
 *     })
 *     .build();
 * // in a task: ctx.agentState(HttpClient.class).send(...)
 * }</pre>
 *
 * <p>{@link #create} is called once per agent, on the agent's own thread before its first task;
 * {@link #close} once when the agent retires or the run ends (never for an agent abandoned while
 * stuck in a task: its thread may still use the state). Calls for different agents may run at the
 * same time, so implementations must be thread-safe.
 *
 * @param <S> the type of the state
 */
@FunctionalInterface
public interface AgentFactory<S> {

  /**
   * Makes an agent's state. An exception here keeps the agent from starting; if no agent of the
   * run can start, the run ends with its tasks cancelled and the exception as their cause.
   *
   * @param agent the agent
   * @return its state (may be null when the agent needs none)
   * @throws Exception if the state cannot be made
   */
  S create(AgentInfo agent) throws Exception;

  /**
   * Releases an agent's state when the agent retires or the run ends. By default closes it if it is
   * {@link AutoCloseable}. An exception is logged and ignored.
   *
   * @param state what {@link #create} returned
   * @throws Exception if closing fails
   */
  default void close(S state) throws Exception {
    if (state instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * The skills of an agent: tasks whose tags they cover prefer it (skill match). A task whose
   * tags no live agent covers runs on any agent. Default: no skills.
   *
   * @param agent the agent
   * @return its skills (not null)
   */
  default Set<String> skills(AgentInfo agent) {
    return Set.of();
  }

  /**
   * What starting one agent of this factory costs — opening a connection, loading a model — for
   * the auto-scaler's overhead model. Empty (the default) means a bare virtual-thread agent, whose
   * cost the scaler measures once on this machine.
   *
   * @return the start-up cost of one agent, if this factory knows it
   */
  default Optional<Duration> startupCost() {
    return Optional.empty();
  }

  /** A factory of agents without state or skills. */
  static AgentFactory<Void> stateless() {
    return agent -> null;
  }
}
