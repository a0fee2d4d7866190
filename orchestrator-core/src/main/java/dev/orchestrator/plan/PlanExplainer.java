package dev.orchestrator.plan;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.internal.Format;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskType;
import java.util.List;
import java.util.Map;

/** Renders {@link Plan#explain()}: the preview shown before a run. */
final class PlanExplainer {

  /** Waves shown in full before the list is cut (a 100,000-task chain has 100,000 waves). */
  static final int WAVES_SHOWN = 24;

  private PlanExplainer() {}

  static String explain(Plan plan) {
    PlanAnalysis a = plan.analysis();
    TaskGraph graph = plan.graph();
    StringBuilder out = new StringBuilder();
    out.append("PLAN: ").append(plan.name()).append('\n');
    plan.goal().ifPresent(goal -> out.append("Goal: ").append(goal).append('\n'));
    out.append("Pattern: ").append(a.shape().description()).append('\n');
    out.append("Subtasks: ").append(Format.count(a.taskCount()));
    if (a.criticalTaskCount() > 0 || a.gateCount() > 0) {
      out.append(" (").append(Format.count(a.criticalTaskCount())).append(" critical, ")
          .append(Format.count(a.gateCount())).append(a.gateCount() == 1 ? " gate)" : " gates)");
    }
    out.append('\n');
    out.append("Dependencies: ").append(dependencies(graph)).append("; ")
        .append(Format.count(a.levelCount())).append(a.levelCount() == 1 ? " level" : " levels")
        .append(", widest ").append(Format.count(a.maxWidth())).append('\n');
    out.append("Task types: ").append(types(a.countsByType())).append('\n');
    if (!a.countsByGroup().isEmpty()) {
      out.append("Groups: ").append(groups(a.countsByGroup())).append('\n');
    }
    out.append("Average duration: ").append(Format.duration(a.averageDuration())).append(" per task")
        .append('\n');
    out.append("Durations: ").append(sources(plan.durationSources(), a)).append('\n');
    defaultsWarning(a).ifPresent(w -> out.append("WARNING: ").append(w).append('\n'));
    out.append("Total work: ").append(Format.duration(a.totalWork())).append(" · critical path: ")
        .append(Format.duration(a.criticalPathLength())).append(path(a.criticalPath())).append('\n');
    out.append("Average parallelism (work ÷ critical path): ")
        .append(Format.decimal(a.averageParallelism())).append('\n');
    out.append("Execution mode: ").append(plan.mode().name().toLowerCase(java.util.Locale.ROOT));
    if (plan.concurrencyLimit() != Integer.MAX_VALUE) {
      out.append(" (at most ").append(Format.count(plan.concurrencyLimit())).append(" at once)");
    }
    out.append('\n');

    WavePlan waves;
    if (plan.preview().isPresent()) {
      out.append('\n').append(plan.preview().get().scaling().render());
      waves = plan.preview().get().waves();
      out.append('\n').append("WAVE STRUCTURE (").append(agents(waves.agents())).append("):\n");
    } else {
      int agents = Math.max(1, Math.min(a.maxWidth(), plan.concurrencyLimit()));
      waves = WavePlan.layout(plan, agents);
      out.append('\n').append("WAVE STRUCTURE (").append(agents(agents))
          .append(", the widest level; no scaling decision attached):\n");
    }
    waves(out, waves);
    return out.toString();
  }

  private static void waves(StringBuilder out, WavePlan plan) {
    List<Wave> waves = plan.waves();
    int shown = waves.size() <= WAVES_SHOWN + 4 ? waves.size() : WAVES_SHOWN;
    for (int i = 0; i < shown; i++) {
      wave(out, waves.get(i));
    }
    if (shown < waves.size()) {
      int hidden = waves.size() - shown - 2;
      out.append("… ").append(Format.count(hidden)).append(" more waves …\n");
      wave(out, waves.get(waves.size() - 2));
      wave(out, waves.get(waves.size() - 1));
    }
    int peakWave = 0;
    for (Wave wave : waves) {
      if (wave.agents() > waves.get(peakWave).agents()) {
        peakWave = wave.number();
      }
    }
    out.append('\n');
    out.append("TOTAL AGENTS: ").append(Format.count(plan.agents()));
    if (!waves.isEmpty()) {
      out.append(" · peak ").append(Format.count(plan.peakAgents())).append(" (wave ")
          .append(peakWave).append(')');
    }
    out.append(" · ").append(Format.count(waves.size())).append(waves.size() == 1 ? " wave" : " waves")
        .append('\n');
    out.append("ESTIMATED TIME: ").append(Format.duration(plan.estimatedTime())).append(" (")
        .append(plan.estimateSource()).append("; no schedule on ").append(agents(plan.agents()))
        .append(" beats the bound ").append("max(CP, W ÷ n) = ").append(Format.duration(plan.lowerBound())).append(")\n");
    out.append("SEQUENTIAL TIME: ").append(Format.duration(plan.sequentialTime())).append('\n');
    out.append("SPEED-UP: ").append(Format.decimal(plan.speedUp())).append("× · time saved ")
        .append(Format.percent(plan.timeSaved())).append(" · parallel efficiency ")
        .append(Format.percent(plan.efficiency())).append('\n');
  }

  private static void wave(StringBuilder out, Wave wave) {
    out.append("Wave ").append(wave.number()).append(": ").append(wave.label());
    switch (wave.kind()) {
      case CRITICAL -> out.append(" — critical, runs alone");
      case GATE -> out.append(" — gate");
      case TASKS -> { }
    }
    out.append(" (").append(agents(wave.agents()));
    if (wave.itemsPerAgent() > 1) {
      out.append(", up to ").append(Format.count(wave.itemsPerAgent())).append(" tasks each");
    }
    out.append(") - ").append(Format.duration(wave.estimatedTime())).append('\n');
  }

  /** How many durations came from each source: {@code 2,000 learned for the task · 9 estimated}. */
  static String sources(Map<DurationSource, Integer> counts, PlanAnalysis a) {
    StringBuilder text = new StringBuilder();
    counts.forEach((source, count) -> {
      if (text.length() > 0) {
        text.append(" · ");
      }
      text.append(Format.count(count)).append(' ').append(source.label());
      if (source == DurationSource.DEFAULT) {
        text.append(" (").append(Format.duration(a.defaultEstimate())).append(" each)");
      }
    });
    return text.length() == 0 ? "none" : text.toString();
  }

  /**
   * The warning a preview carries when durations rest on the default: every time and the agent
   * count then depend on a number nobody gave.
   */
  static java.util.Optional<String> defaultsWarning(PlanAnalysis a) {
    int defaults = a.tasksWithoutEstimate();
    if (defaults == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Format.count(defaults) + " of " + Format.count(a.taskCount())
        + (defaults == 1 ? " tasks has" : " tasks have") + " no estimate and nothing learned:"
        + " each counts as the default " + Format.duration(a.defaultEstimate()) + ", and the"
        + " agent count and the times below rest on it; give them estimates or run once with a"
        + " history");
  }

  private static String agents(int n) {
    return Format.count(n) + (n == 1 ? " agent" : " agents");
  }

  private static String dependencies(TaskGraph graph) {
    if (graph.edgeCount() == 0) {
      return "none (every task independent)";
    }
    int[] kinds = new int[DependencyKind.values().length];
    for (int v = 0; v < graph.size(); v++) {
      for (int e = graph.predecessorStart(v); e < graph.predecessorEnd(v); e++) {
        kinds[graph.predecessorKind(e).ordinal()]++;
      }
    }
    StringBuilder text = new StringBuilder(Format.count(graph.edgeCount()));
    String separator = " (";
    for (DependencyKind kind : DependencyKind.values()) {
      if (kinds[kind.ordinal()] > 0) {
        text.append(separator).append(Format.count(kinds[kind.ordinal()])).append(' ')
            .append(kind.name().toLowerCase(java.util.Locale.ROOT));
        separator = ", ";
      }
    }
    return text.append(')').toString();
  }

  private static String types(Map<TaskType, Integer> counts) {
    StringBuilder text = new StringBuilder();
    counts.forEach((type, count) -> {
      if (text.length() > 0) {
        text.append(" · ");
      }
      text.append(type.name()).append(' ').append(Format.count(count));
    });
    return text.length() == 0 ? "none" : text.toString();
  }

  private static String groups(Map<String, Integer> counts) {
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      if (shown++ == 8) {
        text.append(" · … ").append(counts.size() - 8).append(" more");
        break;
      }
      if (text.length() > 0) {
        text.append(" · ");
      }
      text.append(entry.getKey()).append(' ').append(Format.count(entry.getValue()));
    }
    return text.toString();
  }

  private static String path(List<String> ids) {
    if (ids.isEmpty()) {
      return "";
    }
    if (ids.size() <= 6) {
      return " (" + String.join(" → ", ids) + ")";
    }
    return " (" + String.join(" → ", ids.subList(0, 3)) + " → … " + (ids.size() - 5) + " more → "
        + String.join(" → ", ids.subList(ids.size() - 2, ids.size())) + ")";
  }
}
