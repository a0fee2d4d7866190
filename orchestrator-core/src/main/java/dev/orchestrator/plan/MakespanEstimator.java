package dev.orchestrator.plan;

import java.time.Duration;

/**
 * Predicts how long a plan takes on a number of agents. The simulator (package {@code sim}) is the
 * estimator the library uses, so that estimates follow the same scheduling policy as real runs;
 * {@link #WAVE_SUM} is the plain fallback.
 */
@FunctionalInterface
public interface MakespanEstimator {

  /** The sum of the per-wave estimates: exact when waves are barriers, an upper bound otherwise. */
  MakespanEstimator WAVE_SUM = (plan, agents) -> WavePlan.layout(plan, agents).sumOfWaves();

  /**
   * @param plan the plan
   * @param agents how many agents run it, at least 1
   * @return the predicted time from the first start to the last finish
   */
  Duration makespan(Plan plan, int agents);
}
