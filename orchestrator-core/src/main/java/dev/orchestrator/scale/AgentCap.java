package dev.orchestrator.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TaskTypeScaler} says: the most agents tasks of its type can use at once, the
 * resource that sets the number, one line of reasoning for the explanation, and warnings.
 *
 * @param agents the cap, at least 1; {@link #UNLIMITED} when no resource bounds this type
 * @param limit the resource that sets the cap
 * @param reason how the number was reached, with its figures: {@code "10,000 IOPS × 3 s per task ÷
 *     1 I/O per task = 30,000"}
 * @param warnings what the user should know, for example a figure that was unknown
 */
public record AgentCap(int agents, BindingLimit limit, String reason, List<String> warnings) {

  /** The cap of a type no resource bounds. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code agents < 1}: a scaler must never allow 0 agents
   */
  public AgentCap {
    Objects.requireNonNull(limit, "limit cannot be null");
    Objects.requireNonNull(reason, "reason cannot be null");
    warnings = List.copyOf(warnings);
    if (agents < 1) {
      throw new IllegalArgumentException(
          "an agent cap must be >= 1 (" + reason + "): " + agents);
    }
  }

  /** A cap of {@code agents} set by {@code limit}. */
  public static AgentCap of(int agents, BindingLimit limit, String reason) {
    return new AgentCap(agents, limit, reason, List.of());
  }

  /**
   * A cap of {@code agents} computed as a real number: rounded down, at least 1, at most {@link
   * #UNLIMITED}.
   */
  public static AgentCap of(double agents, BindingLimit limit, String reason) {
    int whole = agents >= UNLIMITED ? UNLIMITED : (int) Math.max(1, Math.floor(agents));
    return new AgentCap(whole, limit, reason, List.of());
  }

  /** No cap: nothing about this type bounds the agents. */
  public static AgentCap unlimited(String reason) {
    return new AgentCap(UNLIMITED, BindingLimit.DEPENDENCIES, reason, List.of());
  }

  /** Whether this is no cap at all. */
  public boolean isUnlimited() {
    return agents == UNLIMITED;
  }

  /** This cap with one more warning. */
  public AgentCap withWarning(String warning) {
    Objects.requireNonNull(warning, "warning cannot be null");
    List<String> more = new ArrayList<>(warnings);
    more.add(warning);
    return new AgentCap(agents, limit, reason, more);
  }
}
