package dev.orchestrator.plan;

import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One wave of a {@link WavePlan}: tasks that can run side by side once the waves before them are
 * done.
 *
 * <p>The task ids are a view over the plan, so a wave of a million tasks costs four bytes per task.
 */
public final class Wave {

  /** What makes a wave. */
  public enum Kind {
    /** One critical task, alone. */
    CRITICAL,
    /** One gate: a checkpoint that opens or stays shut. */
    GATE,
    /** Ordinary tasks of one dependency level. */
    TASKS
  }

  private final int number;
  private final Kind kind;
  private final String label;
  private final int level;
  private final int[] tasks;
  private final IntFunction<String> ids;
  private final int agents;
  private final Duration estimatedTime;

  Wave(int number, Kind kind, String label, int level, int[] tasks, IntFunction<String> ids,
      int agents, Duration estimatedTime) {
    this.number = number;
    this.kind = kind;
    this.label = label;
    this.level = level;
    this.tasks = tasks;
    this.ids = ids;
    this.agents = agents;
    this.estimatedTime = estimatedTime;
  }

  /** The wave's position, from 0. */
  public int number() {
    return number;
  }

  public Kind kind() {
    return kind;
  }

  /** A short description: the task's name, or the names its tasks share. */
  public String label() {
    return label;
  }

  /** The dependency level the wave's tasks are on. */
  public int level() {
    return level;
  }

  /** The number of tasks. */
  public int taskCount() {
    return tasks.length;
  }

  /** The ids of its tasks, in plan order. */
  public List<String> taskIds() {
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        return ids.apply(tasks[index]);
      }

      @Override
      public int size() {
        return tasks.length;
      }
    };
  }

  /** The agents the wave keeps busy: its task count, capped by the plan's agents (1 if critical). */
  public int agents() {
    return agents;
  }

  /** Tasks per agent when there are more tasks than agents (batching); 1 otherwise. */
  public int itemsPerAgent() {
    return agents == 0 ? 0 : (tasks.length + agents - 1) / agents;
  }

  /** How long the wave takes on its agents, longest tasks first. */
  public Duration estimatedTime() {
    return estimatedTime;
  }

  // For the policy's own estimates: the task indices of this wave.
  int[] taskIndices() {
    return tasks;
  }

  @Override
  public String toString() {
    return "Wave[" + number + ", " + kind + ", " + label + ", " + tasks.length + " tasks, "
        + agents + " agents, " + estimatedTime + "]";
  }
}
