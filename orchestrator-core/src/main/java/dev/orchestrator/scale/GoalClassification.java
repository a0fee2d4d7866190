package dev.orchestrator.scale;

import dev.orchestrator.internal.Format;
import dev.orchestrator.plan.Explanation;
import dev.orchestrator.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What {@link GoalClassifier} read from a plain-English goal by its keyword rules: a task type, an
 * item count, a requested agent count, critical operations, the workload's pattern name, and which rule
 * matched what. It is a reading by rules, not an understanding: {@link #evidence()} says exactly
 * which words led to each finding.
 *
 * @param goal the goal text
 * @param taskType the detected task type, if a rule matched
 * @param itemCount the detected number of items ("1 million", "10,000", "all 50 files"), if any
 * @param requestedAgents an agent count the goal asks for ("using 50 parallel agents"), if any
 * @param criticalOperations the critical operations the goal names
 * @param pattern the workload's pattern name, as the preview prints it: "Massive parallel deployment", "Bug fix (high
 *     dependencies)", ...
 * @param evidence one line per matched rule: {@code "'rename' → file-io"}
 */
public record GoalClassification(String goal, Optional<TaskType> taskType, OptionalLong itemCount,
    OptionalInt requestedAgents, Set<CriticalOperation> criticalOperations, String pattern,
    List<String> evidence) {

  public GoalClassification {
    Objects.requireNonNull(goal, "goal cannot be null");
    Objects.requireNonNull(taskType, "task type cannot be null");
    Objects.requireNonNull(itemCount, "item count cannot be null");
    Objects.requireNonNull(requestedAgents, "requested agents cannot be null");
    Objects.requireNonNull(pattern, "pattern cannot be null");
    criticalOperations = criticalOperations.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(criticalOperations));
    evidence = List.copyOf(evidence);
  }

  /** The classification as an explanation node. */
  public Explanation explanation() {
    List<Explanation> lines = new ArrayList<>();
    lines.add(Explanation.of("Reads as: " + pattern));
    lines.add(Explanation.of("Task type: " + taskType.map(TaskType::name).orElse("not detected")));
    if (itemCount.isPresent()) {
      lines.add(Explanation.of("Items: " + Format.count(itemCount.getAsLong())));
    }
    if (requestedAgents.isPresent()) {
      lines.add(Explanation.of("Requested agents: " + Format.count(requestedAgents.getAsInt())));
    }
    if (!criticalOperations.isEmpty()) {
      lines.add(Explanation.of("Critical operations: " + criticalOperations));
    }
    List<Explanation> rules = new ArrayList<>();
    for (String line : evidence) {
      rules.add(Explanation.of(line));
    }
    lines.add(Explanation.of(rules.isEmpty() ? "Rules matched: none" : "Rules matched:", rules));
    return Explanation.of("Goal (read by keyword rules, not understood): \"" + abbreviate(goal)
        + "\"", lines);
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "…";
  }
}
