package dev.orchestrator.plan;

import java.util.Objects;

/**
 * What a plan looks like once an agent count has been decided: the reasoning behind the count and
 * the waves it gives. {@code Orchestrator.plan(workflow)} attaches one to the plan it returns, so
 * that {@link Plan#explain()} shows the whole preview.
 *
 * @param scaling how the agent count was reached
 * @param waves the wave layout for that count
 */
public record PlanPreview(Explanation scaling, WavePlan waves) {

  public PlanPreview {
    Objects.requireNonNull(scaling, "scaling explanation cannot be null");
    Objects.requireNonNull(waves, "wave plan cannot be null");
  }

  /** The agent count the preview is for. */
  public int agents() {
    return waves.agents();
  }
}
