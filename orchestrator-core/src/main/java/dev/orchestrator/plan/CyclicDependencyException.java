package dev.orchestrator.plan;

import java.util.List;

/**
 * The tasks of a plan depend on each other in a circle, so none of them could ever start. The
 * message lists the circle in execution order: {@code a -> b -> c -> a} means b comes after a, c
 * after b, and a after c.
 */
public final class CyclicDependencyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> cycle;

  /**
   * @param cycle the task ids around the circle, first id repeated at the end
   */
  public CyclicDependencyException(List<String> cycle) {
    super("dependency cycle: " + String.join(" -> ", cycle)
        + "; remove one of these dependencies to make the graph acyclic");
    this.cycle = List.copyOf(cycle);
  }

  /** The ids around the circle, in execution order, the first repeated at the end. */
  public List<String> cycle() {
    return cycle;
  }
}
