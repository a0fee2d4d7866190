package dev.orchestrator;

import dev.orchestrator.plan.Explanation;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.internal.Format;

/**
 * Decides a plan's agent count until the auto-scaler ({@code dev.orchestrator.scale.AutoScaler})
 * lands: the user's count if one was given, else the widest dependency level capped by the plan's
 * concurrency limit. The only place the orchestrator decides agents, so the scaler replaces it here.
 *
 * @param agents the count
 * @param explanation how it was reached
 */
record AgentCount(int agents, Explanation explanation) {

  static AgentCount decide(Plan plan, int override) {
    if (override > 0) {
      return new AgentCount(override, Explanation.of("Scaling calculation",
          Explanation.of("User override: " + Format.count(override) + " agents, honoured exactly"),
          Explanation.of("Decision: " + Format.count(override) + " agents")));
    }
    int width = Math.max(1, plan.analysis().maxWidth());
    int limit = plan.concurrencyLimit();
    int agents = Math.max(1, Math.min(width, limit));
    return new AgentCount(agents, Explanation.of("Scaling calculation",
        Explanation.of("Placeholder until the auto-scaler is available: the widest level, capped by"
            + " the concurrency limit"),
        Explanation.of("Widest dependency level: " + Format.count(width) + " tasks"),
        Explanation.of("Concurrency limit (" + plan.mode().name().toLowerCase(java.util.Locale.ROOT)
            + "): " + (limit == Integer.MAX_VALUE ? "none" : Format.count(limit))),
        Explanation.of("Decision: " + Format.count(agents) + (agents == 1 ? " agent" : " agents"))));
  }
}
