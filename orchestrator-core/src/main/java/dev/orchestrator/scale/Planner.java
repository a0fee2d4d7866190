package dev.orchestrator.scale;

/**
 * An external planner: turns a plain-English goal into a plan, for goals the keyword rules of
 * {@link GoalClassifier} cannot decompose. An LLM-backed planner is the intended kind: it returns
 * the plan's JSON, which the caller reads with the plan JSON reader (actions are bound by task
 * name), or, if it builds the plan itself, the {@link dev.orchestrator.plan.Plan}.
 *
 * <pre>{@code
 * Planner llm = (goal, hints) -> PlannerResult.json(client.complete(prompt(goal, hints)));
 * }</pre>
 *
 * <p>The rules' reading of the goal comes along as {@code hints}, so a planner may start from it
 * (the item count, the critical operations) or ignore it.
 */
@FunctionalInterface
public interface Planner {

  /**
   * Plans a goal.
   *
   * @param goal the plain-English goal
   * @param hints what the keyword rules read from it
   * @return the plan, as JSON text or built
   * @throws RuntimeException if the planner cannot plan the goal; the message should say why
   */
  PlannerResult plan(String goal, GoalClassification hints);
}
