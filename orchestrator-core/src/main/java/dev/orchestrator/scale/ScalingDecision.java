package dev.orchestrator.scale;

import dev.orchestrator.plan.Explanation;
import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.plan.WavePlan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How many agents a plan gets, and why: the count, the limit that stopped it going higher, the
 * predicted and sequential times, the return on the coordination overhead, warnings, and the
 * reasoning as a tree ({@link #explanation()}).
 *
 * <pre>{@code
 * ScalingDecision decision = AutoScaler.builder().build().scale(plan);
 * System.out.println(decision.explanation().render());
 * Plan previewed = plan.withPreview(decision.preview());   // plan.explain() now shows it
 * }</pre>
 */
public final class ScalingDecision {

  private final Plan plan;
  private final int agents;
  private final int recommendedAgents;
  private final BindingLimit bindingLimit;
  private final Duration predictedTime;
  private final Duration sequentialTime;
  private final Duration overhead;
  private final double roi;
  private final List<String> warnings;
  private final Explanation explanation;
  private final GoalClassification goal;
  private final Capacity capacity;
  private final MakespanEstimator estimator;

  ScalingDecision(Plan plan, int agents, int recommendedAgents, BindingLimit bindingLimit,
      Duration predictedTime, Duration sequentialTime, Duration overhead, double roi,
      List<String> warnings, Explanation explanation, GoalClassification goal, Capacity capacity,
      MakespanEstimator estimator) {
    this.plan = plan;
    this.agents = agents;
    this.recommendedAgents = recommendedAgents;
    this.bindingLimit = bindingLimit;
    this.predictedTime = predictedTime;
    this.sequentialTime = sequentialTime;
    this.overhead = overhead;
    this.roi = roi;
    this.warnings = List.copyOf(warnings);
    this.explanation = explanation;
    this.goal = goal;
    this.capacity = capacity;
    this.estimator = estimator;
  }

  /** The agent count: the user's exactly when they asked for one, else the scaler's. */
  public int agents() {
    return agents;
  }

  /**
   * What the scaler itself recommends; equals {@link #agents()} unless the user asked for another
   * count.
   */
  public int recommendedAgents() {
    return recommendedAgents;
  }

  /** What stopped the count from going higher ({@link BindingLimit#USER_OVERRIDE} for a user's). */
  public BindingLimit bindingLimit() {
    return bindingLimit;
  }

  /** The predicted time on {@link #agents()} agents: the makespan plus the coordination overhead. */
  public Duration predictedTime() {
    return predictedTime;
  }

  /** The time one agent would take: the total work. */
  public Duration sequentialTime() {
    return sequentialTime;
  }

  /** The coordination overhead {@code O(n)} included in {@link #predictedTime()}. */
  public Duration overhead() {
    return overhead;
  }

  /**
   * Return on investment: time saved ÷ overhead, with time saved =
   * sequential − predicted. Infinite when the overhead is zero and time is saved; negative when
   * parallelism loses time (one agent saves nothing and still pays its start-up).
   */
  public double roi() {
    return roi;
  }

  /** Sequential time ÷ predicted time. */
  public double speedUp() {
    long predicted = predictedTime.toNanos();
    return predicted == 0 ? 1.0 : (double) sequentialTime.toNanos() / predicted;
  }

  /** What the user should know: unknown figures, a count above safe capacity, missing scalers. */
  public List<String> warnings() {
    return warnings;
  }

  /** The reasoning, phase by phase with its numbers, readable like a proof. */
  public Explanation explanation() {
    return explanation;
  }

  /** What the goal classifier read from the plan's goal, if it had one. */
  public Optional<GoalClassification> goal() {
    return Optional.ofNullable(goal);
  }

  /** The capacity the decision used, measured and configured. */
  public Capacity capacity() {
    return capacity;
  }

  /** The plan decided on. */
  public Plan plan() {
    return plan;
  }

  /**
   * The preview to attach to the plan ({@link Plan#withPreview(PlanPreview)}): this explanation
   * and the wave layout for {@link #agents()} agents, estimated by the scaler's estimator when one
   * was set, else by the sum of the waves.
   */
  public PlanPreview preview() {
    WavePlan waves = WavePlan.layout(plan, agents, estimator);
    return new PlanPreview(explanation, waves);
  }

  @Override
  public String toString() {
    return "ScalingDecision[" + plan.name() + ": " + agents + " agents, " + bindingLimit
        + ", predicted " + predictedTime + ", roi " + roi + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingDecision d && d.plan == plan && d.agents == agents
        && d.recommendedAgents == recommendedAgents && d.bindingLimit == bindingLimit
        && d.predictedTime.equals(predictedTime) && d.sequentialTime.equals(sequentialTime)
        && d.overhead.equals(overhead) && Double.compare(d.roi, roi) == 0
        && d.warnings.equals(warnings) && d.explanation.equals(explanation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(agents, recommendedAgents, bindingLimit, predictedTime, roi);
  }
}
