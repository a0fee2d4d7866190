package dev.orchestrator.scale;

import dev.orchestrator.plan.Plan;
import java.util.Objects;

/** What a {@link Planner} returns: the plan as JSON text, or the plan itself. */
public sealed interface PlannerResult {

  /** The plan as JSON text, in the plan JSON format. */
  static PlannerResult json(String text) {
    return new Json(text);
  }

  /** The plan itself. */
  static PlannerResult plan(Plan plan) {
    return new Built(plan);
  }

  /**
   * A plan as JSON text.
   *
   * @param text the JSON, not blank
   */
  record Json(String text) implements PlannerResult {
    public Json {
      Objects.requireNonNull(text, "plan JSON cannot be null");
      if (text.isBlank()) {
        throw new IllegalArgumentException("plan JSON cannot be blank");
      }
    }
  }

  /**
   * A built plan.
   *
   * @param plan the plan
   */
  record Built(Plan plan) implements PlannerResult {
    public Built {
      Objects.requireNonNull(plan, "plan cannot be null");
    }
  }
}
