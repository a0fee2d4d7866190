package dev.orchestrator.graph;

import java.util.List;

/**
 * The graph's dependencies form a cycle. Thrown by {@link TaskGraph#of}; the plan's builder turns it
 * into the public {@code CyclicDependencyException}, so graph storage does not depend on the plan
 * package.
 */
public final class GraphCycleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> cycle;

  /**
   * @param cycle the task ids around the cycle, in execution order, the first repeated at the end
   */
  public GraphCycleException(List<String> cycle) {
    super("dependency cycle: " + String.join(" -> ", cycle));
    this.cycle = List.copyOf(cycle);
  }

  /** The task ids around the cycle, in execution order, the first repeated at the end. */
  public List<String> cycle() {
    return cycle;
  }
}
