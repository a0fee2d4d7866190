package dev.orchestrator.plan;

import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a plan's graph says about how parallel its work can be.
 *
 * @param taskCount the number of tasks (gates included)
 * @param edgeCount the number of dependencies
 * @param totalWork W: the sum of all task durations
 * @param criticalPathLength CP: the longest chain of durations through the dependencies; no
 *     schedule finishes sooner
 * @param criticalPath the ids of one critical path, in execution order
 * @param levelCount the number of dependency levels (the waves before critical tasks are split off)
 * @param levelWidths the number of tasks on each level
 * @param maxWidth the widest level: the most tasks that can ever be ready at once in waves
 * @param averageParallelism W / CP: the speed-up an unlimited number of agents could reach
 * @param countsByType tasks per type, by type name
 * @param countsByGroup tasks per group, by group name (tasks without a group are not counted)
 * @param criticalTaskCount tasks that must run alone
 * @param gateCount gates
 * @param tasksWithoutEstimate tasks that had no estimate and were counted with the default
 * @param defaultEstimate the duration given to tasks without an estimate
 */
public record PlanAnalysis(
    int taskCount,
    int edgeCount,
    Duration totalWork,
    Duration criticalPathLength,
    List<String> criticalPath,
    int levelCount,
    List<Integer> levelWidths,
    int maxWidth,
    double averageParallelism,
    Map<TaskType, Integer> countsByType,
    Map<String, Integer> countsByGroup,
    int criticalTaskCount,
    int gateCount,
    int tasksWithoutEstimate,
    Duration defaultEstimate) {

  public PlanAnalysis {
    criticalPath = List.copyOf(criticalPath);
    levelWidths = List.copyOf(levelWidths);
    countsByType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(countsByType));
    countsByGroup = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(countsByGroup));
  }

  /** The mean task duration, W divided by the number of tasks (zero for an empty plan). */
  public Duration averageDuration() {
    return taskCount == 0 ? Duration.ZERO : totalWork.dividedBy(taskCount);
  }

  /** The broad shape of the graph, for the preview's "pattern" line. */
  public GraphShape shape() {
    if (taskCount == 0) {
      return GraphShape.EMPTY;
    }
    if (taskCount == 1) {
      return GraphShape.SINGLE;
    }
    if (edgeCount == 0) {
      return GraphShape.INDEPENDENT;
    }
    if (maxWidth == 1) {
      return GraphShape.CHAIN;
    }
    int first = levelWidths.get(0);
    int last = levelWidths.get(levelWidths.size() - 1);
    if (levelCount <= 3 && maxWidth > 1 && (first == 1 || last == 1)) {
      return GraphShape.FAN_OUT_FAN_IN;
    }
    return GraphShape.LAYERED;
  }

  /** The broad shapes a task graph can have. */
  public enum GraphShape {
    EMPTY("empty plan"),
    SINGLE("a single task"),
    INDEPENDENT("independent tasks (no dependencies)"),
    CHAIN("a chain (each task waits for the one before)"),
    FAN_OUT_FAN_IN("fan-out / fan-in"),
    LAYERED("a layered graph with dependencies");

    private final String description;

    GraphShape(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }
}
