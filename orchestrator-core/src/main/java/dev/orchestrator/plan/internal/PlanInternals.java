package dev.orchestrator.plan.internal;

import dev.orchestrator.plan.Plan;
import java.util.Objects;
import java.util.function.Function;

/**
 * The door from other packages of this module to a plan's {@link TaskGraph}, which the public API
 * does not show. {@code Plan} opens it in its static initializer (the JDK's "shared secrets"
 * pattern), so the graph stays out of the exported API.
 */
public final class PlanInternals {

  private static volatile Function<Plan, TaskGraph> graphAccess;

  private PlanInternals() {}

  /** Called once, by {@code Plan}. */
  public static void install(Function<Plan, TaskGraph> access) {
    if (graphAccess != null) {
      throw new IllegalStateException("plan graph access is already installed");
    }
    graphAccess = Objects.requireNonNull(access);
  }

  /** The graph of a plan. */
  public static TaskGraph graph(Plan plan) {
    Objects.requireNonNull(plan, "plan cannot be null");
    return graphAccess.apply(plan); // a Plan instance exists, so its class has installed the access
  }
}
