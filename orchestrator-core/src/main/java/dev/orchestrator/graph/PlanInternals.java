package dev.orchestrator.graph;

import java.util.Objects;
import java.util.function.Function;

/**
 * The door from other packages of this module to a plan's {@link TaskGraph}, which the public API
 * does not show. {@code Plan} opens it in its static initializer (the JDK's "shared secrets"
 * pattern), so the graph stays out of the exported API. Typed by the class {@code Plan} hands in,
 * not by {@code Plan} itself, so graph storage does not depend on the plan package.
 */
public final class PlanInternals {

  private static volatile Class<?> planClass;
  private static volatile Function<Object, TaskGraph> graphAccess;

  private PlanInternals() {}

  /**
   * Called once, by {@code Plan}.
   *
   * @param type the plan class
   * @param access the graph of a plan
   */
  public static <P> void install(Class<P> type, Function<P, TaskGraph> access) {
    Objects.requireNonNull(type);
    Objects.requireNonNull(access);
    if (graphAccess != null) {
      throw new IllegalStateException("plan graph access is already installed");
    }
    planClass = type;
    graphAccess = plan -> access.apply(type.cast(plan));
  }

  /**
   * The graph of a plan.
   *
   * @throws ClassCastException if {@code plan} is not the plan class that installed the access
   */
  public static TaskGraph graph(Object plan) {
    Objects.requireNonNull(plan, "plan cannot be null");
    // A plan instance exists, so its class has installed the access.
    if (!planClass.isInstance(plan)) {
      throw new ClassCastException(plan.getClass().getName() + " is not " + planClass.getName());
    }
    return graphAccess.apply(plan);
  }
}
