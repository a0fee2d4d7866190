package dev.orchestrator.plan;

import dev.orchestrator.graph.GraphCycleException;
import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.internal.Checks;
import dev.orchestrator.internal.Format;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A validated, immutable task graph and its analysis: the input of scaling, wave layout, simulation
 * and running.
 *
 * <p>Building a plan checks every task id is unique, every dependency names a task of the plan and
 * the dependencies have no cycle, then analyses the graph (total work, critical path, levels,
 * widths, counts) in time linear in tasks + edges.
 *
 * <pre>{@code
 * Plan plan = Plan.builder("nightly")
 *     .add(TaskSpec.builder("extract").estimate(Duration.ofMinutes(5)).run(ctx -> extract()).build())
 *     .add(TaskSpec.builder("load").after("extract").run(ctx -> load()).build())
 *     .build();
 * System.out.println(plan.explain());
 * }</pre>
 */
public final class Plan {

  /** The duration given to tasks without an estimate unless the plan sets another. */
  public static final Duration DEFAULT_ESTIMATE = Duration.ofSeconds(1);

  static {
    PlanInternals.install(Plan.class, plan -> plan.graph);
  }

  private final String name;
  private final String goal;
  private final ExecutionMode mode;
  private final int concurrencyLimit;
  private final TaskGraph graph;
  private final PlanAnalysis analysis;
  private final PlanPreview preview;
  private final Map<String, List<String>> blocks;

  private Plan(String name, String goal, ExecutionMode mode, int concurrencyLimit, TaskGraph graph,
      PlanAnalysis analysis, PlanPreview preview, Map<String, List<String>> blocks) {
    this.blocks = blocks;
    this.name = name;
    this.goal = goal;
    this.mode = mode;
    this.concurrencyLimit = concurrencyLimit;
    this.graph = graph;
    this.analysis = analysis;
    this.preview = preview;
  }

  /**
   * A builder for a plan with this name.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The ids of a named block's tasks in item order (see {@link Builder#block}); a task id not
   * named as a block is a block of that one task; empty if neither.
   */
  public List<String> block(String name) {
    Objects.requireNonNull(name, "block name cannot be null");
    List<String> ids = blocks.get(name);
    if (ids != null) {
      return ids;
    }
    return graph.indexOf(name) >= 0 ? List.of(name) : List.of();
  }

  /** The plan's name. */
  public String name() {
    return name;
  }

  /** The plain-English goal the plan was made for, if one was given. */
  public Optional<String> goal() {
    return Optional.ofNullable(goal);
  }

  /** How tasks are released to agents. */
  public ExecutionMode mode() {
    return mode;
  }

  /** The most tasks that may run at once: the user's limit, else the mode's default. */
  public int concurrencyLimit() {
    return concurrencyLimit;
  }

  /** The number of tasks. */
  public int size() {
    return graph.size();
  }

  /** The tasks in plan order (an unmodifiable view). */
  public List<TaskSpec> tasks() {
    return new AbstractList<>() {
      @Override
      public TaskSpec get(int index) {
        Objects.checkIndex(index, graph.size());
        return graph.task(index);
      }

      @Override
      public int size() {
        return graph.size();
      }
    };
  }

  /** Whether the plan has a task with this id. */
  public boolean contains(String id) {
    return graph.indexOf(id) >= 0;
  }

  /**
   * The task with this id.
   *
   * @throws IllegalArgumentException if there is none
   */
  public TaskSpec task(String id) {
    return graph.task(indexOf(id));
  }

  /** The dependencies of a task, as declared. */
  public List<Dependency> dependenciesOf(String id) {
    return task(id).dependencies();
  }

  /** The ids of the tasks that depend on a task, in plan order. */
  public List<String> dependentsOf(String id) {
    int i = indexOf(id);
    List<String> ids = new ArrayList<>(graph.outDegree(i));
    for (int e = graph.successorStart(i); e < graph.successorEnd(i); e++) {
      ids.add(graph.id(graph.successor(e)));
    }
    return List.copyOf(ids);
  }

  /**
   * The planned duration of a task: its estimate, or the plan's default; in a plan {@link
   * #withLearnedDurations with learned durations}, the duration model's ({@link #durationSource}).
   */
  public Duration durationOf(String id) {
    return Duration.ofNanos(graph.duration(indexOf(id)));
  }

  /** The dependency level of a task (0 for a task without dependencies). */
  public int levelOf(String id) {
    return graph.level(indexOf(id));
  }

  /** The graph's analysis. */
  public PlanAnalysis analysis() {
    return analysis;
  }

  /** The wave layout for {@code agents} agents, with per-wave estimates only. */
  public WavePlan waves(int agents) {
    return WavePlan.layout(this, agents);
  }

  /** The preview attached by scaling, if any. */
  public Optional<PlanPreview> preview() {
    return Optional.ofNullable(preview);
  }

  /** This plan with a preview attached (the graph is shared, not copied). */
  public Plan withPreview(PlanPreview preview) {
    Objects.requireNonNull(preview, "preview cannot be null");
    if (preview.waves().plan() != this && preview.waves().plan().graph != graph) {
      throw new IllegalArgumentException(
          "the preview's wave plan was laid out for plan '" + preview.waves().plan().name()
              + "', not for '" + name + "'");
    }
    return new Plan(name, goal, mode, concurrencyLimit, graph, analysis, preview, blocks);
  }

  /**
   * This plan with every task's duration from the one duration model: learned for the task id,
   * else for its name pattern, else its estimate, else learned for its type, else the default
   * ({@link DurationSource}). Analysis, levels, ranks and the critical path follow the new
   * durations; the preview is not kept (it was made for the old ones). Gates keep zero.
   *
   * @throws NullPointerException if {@code learned} is null
   */
  public Plan withLearnedDurations(LearnedDurations learned) {
    Objects.requireNonNull(learned, "learned durations cannot be null");
    int n = graph.size();
    long[] durations = new long[n];
    byte[] sources = new byte[n];
    Map<String, Optional<Duration>> byPattern = new java.util.HashMap<>();
    Map<TaskType, Optional<Duration>> byType = new java.util.HashMap<>();
    boolean changed = false;
    for (int i = 0; i < n; i++) {
      TaskSpec task = graph.task(i);
      durations[i] = graph.duration(i);
      sources[i] = graph.durationSource(i);
      if (task.isGate()) {
        continue;
      }
      Optional<Duration> found = learned.forTask(task.id());
      byte source = TaskGraph.LEARNED_TASK;
      if (found.isEmpty()) {
        found = byPattern.computeIfAbsent(LearnedDurations.patternOf(task.id()),
            learned::forPattern);
        source = TaskGraph.LEARNED_PATTERN;
      }
      if (found.isEmpty() && task.estimate().isEmpty()) {
        found = byType.computeIfAbsent(task.type(), learned::forType);
        source = TaskGraph.LEARNED_TYPE;
      }
      if (found.isPresent()) {
        durations[i] = found.get().toNanos();
        sources[i] = source;
        changed = true;
      }
    }
    if (!changed) {
      return preview == null ? this
          : new Plan(name, goal, mode, concurrencyLimit, graph, analysis, null, blocks);
    }
    TaskGraph learnedGraph = graph.withDurations(durations, sources);
    return new Plan(name, goal, mode, concurrencyLimit, learnedGraph,
        analyse(learnedGraph, analysis.defaultEstimate()), null, blocks);
  }

  /**
   * Where a task's planned duration ({@link #durationOf}) came from.
   *
   * @throws IllegalArgumentException if the plan has no such task
   */
  public DurationSource durationSource(String id) {
    return SOURCES[graph.durationSource(indexOf(id))];
  }

  /** How many tasks' durations came from each source (gates count as estimated), in enum order. */
  public Map<DurationSource, Integer> durationSources() {
    int[] counts = new int[SOURCES.length];
    for (int i = 0; i < graph.size(); i++) {
      counts[graph.durationSource(i)]++;
    }
    Map<DurationSource, Integer> result = new java.util.EnumMap<>(DurationSource.class);
    for (int code = 0; code < SOURCES.length; code++) {
      if (counts[code] > 0) {
        result.put(SOURCES[code], counts[code]);
      }
    }
    return java.util.Collections.unmodifiableMap(result);
  }

  // Indexed by the graph's source codes (TaskGraph.ESTIMATE, DEFAULT, LEARNED_TASK, ...).
  private static final DurationSource[] SOURCES = {DurationSource.ESTIMATE, DurationSource.DEFAULT,
      DurationSource.LEARNED_TASK, DurationSource.LEARNED_PATTERN, DurationSource.LEARNED_TYPE};

  /**
   * The preview, what a user reads before answering "execute?": pattern, subtasks,
   * dependencies, task types, the scaling calculation (when attached), the waves with their agents
   * and times, the total against sequential time, and the efficiency.
   */
  public String explain() {
    return PlanExplainer.explain(this);
  }

  @Override
  public String toString() {
    return "Plan[" + name + ", " + graph.size() + " tasks, " + graph.edgeCount() + " dependencies]";
  }

  private int indexOf(String id) {
    Objects.requireNonNull(id, "task id cannot be null");
    int i = graph.indexOf(id);
    if (i < 0) {
      throw new IllegalArgumentException("plan '" + name + "' has no task '" + id + "'");
    }
    return i;
  }

  private static PlanAnalysis analyse(TaskGraph graph, Duration defaultEstimate) {
    int n = graph.size();
    Map<String, int[]> byType = new TreeMap<>();
    Map<String, int[]> byGroup = new TreeMap<>();
    Map<String, TaskType> types = new LinkedHashMap<>();
    int critical = 0;
    int gates = 0;
    TaskType lastType = null;
    int[] lastTypeCount = null;
    for (int i = 0; i < n; i++) {
      TaskSpec task = graph.task(i);
      TaskType type = task.type();
      if (type != lastType) { // runs of the same type are the common case: skip the map then
        lastType = type;
        lastTypeCount = byType.computeIfAbsent(type.name(), k -> new int[1]);
        types.putIfAbsent(type.name(), type);
      }
      lastTypeCount[0]++;
      Optional<String> group = task.group();
      if (group.isPresent()) {
        byGroup.computeIfAbsent(group.get(), k -> new int[1])[0]++;
      }
      critical += task.isCritical() ? 1 : 0;
      gates += task.isGate() ? 1 : 0;
    }
    Map<TaskType, Integer> countsByType = new LinkedHashMap<>();
    byType.forEach((typeName, count) -> countsByType.put(types.get(typeName), count[0]));
    Map<String, Integer> countsByGroup = new LinkedHashMap<>();
    byGroup.forEach((group, count) -> countsByGroup.put(group, count[0]));

    int[] path = graph.criticalPath();
    List<String> pathIds = new ArrayList<>(path.length);
    for (int i : path) {
      pathIds.add(graph.id(i));
    }
    List<Integer> widths = new ArrayList<>(graph.levelCount());
    int maxWidth = 0;
    for (int l = 0; l < graph.levelCount(); l++) {
      widths.add(graph.levelWidth(l));
      maxWidth = Math.max(maxWidth, graph.levelWidth(l));
    }
    long work = graph.totalWork();
    long cp = graph.criticalPathLength();
    double parallelism = cp > 0 ? (double) work / cp : maxWidth;
    return new PlanAnalysis(n, graph.edgeCount(), Duration.ofNanos(work), Duration.ofNanos(cp),
        pathIds, graph.levelCount(), widths, maxWidth, parallelism, countsByType, countsByGroup,
        critical, gates, graph.withoutEstimate(), defaultEstimate);
  }

  /**
   * Builds a {@link Plan}. Not thread-safe. {@link #build()} validates the graph and copies the
   * task list, so the builder can be reused.
   */
  public static final class Builder {
    private final String name;
    private String goal;
    private ExecutionMode mode = ExecutionMode.DEPENDENCY;
    private int concurrencyLimit = -1;
    private Duration defaultEstimate = DEFAULT_ESTIMATE;
    private final List<TaskSpec> tasks = new ArrayList<>();
    private final Map<String, List<String>> blocks = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Checks.name(name, "plan name");
    }

    /** The plain-English goal, shown in the preview and read by the goal classifier. */
    public Builder goal(String goal) {
      this.goal = Objects.requireNonNull(goal, "goal cannot be null");
      return this;
    }

    /** How tasks are released to agents (default {@link ExecutionMode#DEPENDENCY}). */
    public Builder mode(ExecutionMode mode) {
      this.mode = Objects.requireNonNull(mode, "execution mode cannot be null");
      return this;
    }

    /**
     * The most tasks that may run at once, replacing the mode's default.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Builder concurrencyLimit(int limit) {
      this.concurrencyLimit = Checks.atLeastOne(limit, "concurrency limit");
      return this;
    }

    /**
     * The duration of tasks without an estimate (default {@link #DEFAULT_ESTIMATE}).
     *
     * @throws IllegalArgumentException if {@code estimate} is negative
     */
    public Builder defaultEstimate(Duration estimate) {
      this.defaultEstimate = Checks.notNegative(estimate, "default estimate");
      return this;
    }

    /** Adds a task. */
    public Builder add(TaskSpec task) {
      if (task == null) {
        throw new IllegalArgumentException("task #" + tasks.size() + " of plan '" + name + "' is null");
      }
      tasks.add(task);
      return this;
    }

    /** Adds tasks in order. */
    public Builder addAll(Iterable<TaskSpec> tasks) {
      Objects.requireNonNull(tasks, "tasks cannot be null");
      for (TaskSpec task : tasks) {
        add(task);
      }
      return this;
    }

    /**
     * Names a block: tasks that belong together, in item order ({@code Workflow} names one per
     * {@code forEach}, {@code chunked}, {@code files} and single task), so that a task can read a
     * whole block's outputs ({@code TaskContext.inputs}) and so can a report ({@code
     * RunReport.outputs}).
     *
     * @throws IllegalArgumentException if the block was already named
     */
    public Builder block(String name, List<String> ids) {
      Checks.name(name, "block name");
      Objects.requireNonNull(ids, "block ids cannot be null");
      if (blocks.putIfAbsent(name, List.copyOf(ids)) != null) {
        throw new IllegalArgumentException("block '" + name + "' was already named");
      }
      return this;
    }

    /** The number of tasks added so far. */
    public int size() {
      return tasks.size();
    }

    /**
     * Validates and analyses the graph.
     *
     * @throws IllegalArgumentException on a duplicate id or an unknown dependency, naming the task
     * @throws CyclicDependencyException if the dependencies form a cycle
     */
    public Plan build() {
      TaskGraph graph;
      try {
        graph = TaskGraph.of(tasks, defaultEstimate);
      } catch (GraphCycleException e) {
        throw new CyclicDependencyException(e.cycle());
      }
      int limit = concurrencyLimit > 0 ? concurrencyLimit : mode.defaultConcurrencyLimit();
      return new Plan(name, goal, mode, limit, graph, analyse(graph, defaultEstimate), null,
          blocks(graph));
    }

    /** The named blocks, each id checked against the graph. */
    private Map<String, List<String>> blocks(TaskGraph graph) {
      for (Map.Entry<String, List<String>> block : blocks.entrySet()) {
        for (String id : block.getValue()) {
          if (graph.indexOf(id) < 0) {
            throw new IllegalArgumentException(
                "block '" + block.getKey() + "' names unknown task '" + id + "'");
          }
        }
      }
      return Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
    }
  }

  // For the explainer and the wave layout, which read the graph directly.
  TaskGraph graph() {
    return graph;
  }
}
