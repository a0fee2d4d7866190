package dev.orchestrator.plan;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.internal.Format;
import dev.orchestrator.schedule.MakespanBounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plan laid out in waves for a number of agents: what runs together, on how many agents, for how
 * long, and what the whole takes against running it sequentially.
 *
 * <p>Waves are the dependency levels, in order. A critical task gets a wave of its own, and so does
 * a gate; the other tasks of a level share one wave. A wave with more tasks than agents is batched:
 * each agent takes several tasks, longest first.
 *
 * <p>Each wave's time is the longest-first schedule of its tasks on its agents (what the run's
 * scheduling policy does with independent tasks). The plan's estimated time comes from a {@link
 * MakespanEstimator}: the simulator when the orchestrator lays the plan out, so that it is the
 * time of a dependency-driven run; the plain sum of the waves otherwise.
 */
public final class WavePlan {

  private final Plan plan;
  private final int agents;
  private final List<Wave> waves;
  private final Duration sumOfWaves;
  private final Duration estimatedTime;
  private final String estimateSource;

  private WavePlan(Plan plan, int agents, List<Wave> waves, Duration sumOfWaves,
      Duration estimatedTime, String estimateSource) {
    this.plan = plan;
    this.agents = agents;
    this.waves = waves;
    this.sumOfWaves = sumOfWaves;
    this.estimatedTime = estimatedTime;
    this.estimateSource = estimateSource;
  }

  /**
   * The layout for {@code agents} agents, estimated as the sum of its waves.
   *
   * @throws IllegalArgumentException if {@code agents < 1}
   */
  public static WavePlan layout(Plan plan, int agents) {
    return layout(plan, agents, null);
  }

  /**
   * The layout for {@code agents} agents, with the total estimated by {@code estimator}.
   *
   * @param estimator predicts the makespan; null for the sum of the waves
   * @throws IllegalArgumentException if {@code agents < 1}
   */
  public static WavePlan layout(Plan plan, int agents, MakespanEstimator estimator) {
    Objects.requireNonNull(plan, "plan cannot be null");
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agents);
    }
    TaskGraph graph = plan.graph();
    int effective = Math.min(agents, plan.concurrencyLimit());
    List<Wave> waves = new ArrayList<>();
    long sum = 0;
    for (int[] level : byLevel(graph)) {
      int critical = 0;
      int gates = 0;
      for (int t : level) {
        critical += graph.task(t).isCritical() ? 1 : 0;
        gates += graph.task(t).isGate() && !graph.task(t).isCritical() ? 1 : 0;
      }
      int[] rest = new int[level.length - critical - gates];
      int r = 0;
      for (int t : level) {
        if (graph.task(t).isCritical()) {
          sum += add(waves, graph, Wave.Kind.CRITICAL, new int[] {t}, 1);
        }
      }
      for (int t : level) {
        if (graph.task(t).isGate() && !graph.task(t).isCritical()) {
          sum += add(waves, graph, Wave.Kind.GATE, new int[] {t}, 1);
        } else if (!graph.task(t).isCritical()) {
          rest[r++] = t;
        }
      }
      if (rest.length > 0) {
        sum += add(waves, graph, Wave.Kind.TASKS, rest, Math.min(effective, rest.length));
      }
    }
    Duration sumOfWaves = Duration.ofNanos(sum);
    Duration estimated = estimator == null ? sumOfWaves : estimator.makespan(plan, agents);
    String source = estimator == null ? "sum of waves" : estimatorName(estimator);
    return new WavePlan(plan, agents, List.copyOf(waves), sumOfWaves, estimated, source);
  }

  private static String estimatorName(MakespanEstimator estimator) {
    return estimator == MakespanEstimator.WAVE_SUM ? "sum of waves" : estimator.toString();
  }

  private static long add(List<Wave> waves, TaskGraph graph, Wave.Kind kind, int[] tasks, int agents) {
    long[] durations = new long[tasks.length];
    for (int i = 0; i < tasks.length; i++) {
      durations[i] = graph.duration(tasks[i]);
    }
    long time = MakespanBounds.longestFirstMakespan(durations, agents);
    waves.add(new Wave(waves.size(), kind, label(graph, tasks), graph.level(tasks[0]), tasks,
        graph::id, agents, Duration.ofNanos(time)));
    return time;
  }

  private static List<int[]> byLevel(TaskGraph graph) {
    int n = graph.size();
    int levels = graph.levelCount();
    int[][] byLevel = new int[levels][];
    for (int l = 0; l < levels; l++) {
      byLevel[l] = new int[graph.levelWidth(l)];
    }
    int[] fill = new int[levels];
    for (int t = 0; t < n; t++) {
      int l = graph.level(t);
      byLevel[l][fill[l]++] = t;
    }
    return List.of(byLevel);
  }

  /** The names a wave's tasks share: "backup", "deploy ×10,000", "lint ×25, refactor ×10". */
  private static String label(TaskGraph graph, int[] tasks) {
    if (tasks.length == 1) {
      return graph.task(tasks[0]).name();
    }
    Map<String, Integer> stems = new LinkedHashMap<>();
    for (int t : tasks) {
      stems.merge(stem(graph.task(t).name()), 1, Integer::sum);
      if (stems.size() > 3) {
        break;
      }
    }
    if (stems.size() > 3) {
      return Format.count(tasks.length) + " tasks";
    }
    StringBuilder label = new StringBuilder();
    for (Map.Entry<String, Integer> entry : stems.entrySet()) {
      if (label.length() > 0) {
        label.append(", ");
      }
      label.append(entry.getKey());
      if (entry.getValue() > 1) {
        label.append(" ×").append(Format.count(entry.getValue()));
      }
    }
    return label.toString();
  }

  /** A name without its trailing item number: "deploy-17" -> "deploy". */
  static String stem(String name) {
    return Format.stem(name);
  }

  /** The plan laid out. */
  public Plan plan() {
    return plan;
  }

  /** The agents the layout is for. */
  public int agents() {
    return agents;
  }

  /** The waves, in order. */
  public List<Wave> waves() {
    return waves;
  }

  /** The most agents any wave keeps busy. */
  public int peakAgents() {
    int peak = 0;
    for (Wave wave : waves) {
      peak = Math.max(peak, wave.agents());
    }
    return peak;
  }

  /** The sum of the waves' times: the makespan when every wave is a barrier. */
  public Duration sumOfWaves() {
    return sumOfWaves;
  }

  /** The estimated time of the whole plan on {@link #agents()} agents. */
  public Duration estimatedTime() {
    return estimatedTime;
  }

  /** Where {@link #estimatedTime()} came from: "simulated", "sum of waves", ... */
  public String estimateSource() {
    return estimateSource;
  }

  /**
   * The lower bound no schedule on these agents can beat, {@code max(CP, W ÷ n)} with {@code n} the
   * agents the plan's concurrency limit lets run at once: what {@link #estimatedTime()} is
   * compared with.
   */
  public Duration lowerBound() {
    long n = Math.max(1, Math.min(agents, plan.concurrencyLimit()));
    long work = plan.analysis().totalWork().toNanos();
    long perAgent = work / n + (work % n == 0 ? 0 : 1);
    return Duration.ofNanos(Math.max(plan.analysis().criticalPathLength().toNanos(), perAgent));
  }

  /** The time one agent would take: the total work. */
  public Duration sequentialTime() {
    return plan.analysis().totalWork();
  }

  /** Sequential time ÷ estimated time (1 for an empty plan). */
  public double speedUp() {
    long estimated = estimatedTime.toNanos();
    return estimated == 0 ? 1.0 : (double) sequentialTime().toNanos() / estimated;
  }

  /** The share of sequential time saved: 1 − estimated ÷ sequential. */
  public double timeSaved() {
    long sequential = sequentialTime().toNanos();
    return sequential == 0 ? 0.0 : 1.0 - (double) estimatedTime.toNanos() / sequential;
  }

  /**
   * Parallel efficiency: the speed-up ÷ the most any schedule could reach on these agents, {@code
   * min(agents, W / CP)}.
   */
  public double efficiency() {
    double best = Math.min(Math.min(agents, plan.concurrencyLimit()),
        plan.analysis().averageParallelism());
    return best <= 0 ? 1.0 : Math.min(1.0, speedUp() / Math.max(1.0, best));
  }

  @Override
  public String toString() {
    return "WavePlan[" + plan.name() + ", " + agents + " agents, " + waves.size() + " waves, "
        + estimatedTime + "]";
  }
}
