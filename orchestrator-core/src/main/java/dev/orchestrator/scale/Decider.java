package dev.orchestrator.scale;

import dev.orchestrator.history.PastRun;
import dev.orchestrator.internal.Format;
import dev.orchestrator.plan.Explanation;
import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanAnalysis;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One scaling decision, phase by phase: goal, graph, capacity, costs, caps, search, history,
 * override, decision. Each phase adds its node to the explanation as it computes its numbers, so
 * the explanation is the computation written out, not a summary made afterwards.
 */
final class Decider {

  private final AutoScaler scaler;
  private final Plan plan;
  private int requested;
  private String requestedBy;
  private final List<String> warnings = new ArrayList<>();
  private final List<Explanation> phases = new ArrayList<>();
  private final Map<Integer, Double> estimated = new java.util.HashMap<>();

  private GoalClassification goal;
  private GraphBounds bounds;
  private Capacity capacity;
  private CostModel costs;

  /** A cap on the agent count and the limit it stands for. */
  private record Cap(long agents, BindingLimit limit, String what) {}

  Decider(AutoScaler scaler, Plan plan, int requested, String requestedBy) {
    this.scaler = scaler;
    this.plan = plan;
    this.requested = requested;
    this.requestedBy = requestedBy;
  }

  ScalingDecision decide() {
    warnings.addAll(scaler.registry.warnings());
    readGoal();
    TaskType generalAs = generalAs();
    bounds = GraphBounds.of(plan,
        type -> scaler.history.learnedDuration(type).orElse(null), generalAs);
    if (bounds.tasks == 0) {
      return empty();
    }
    explainGraph(generalAs);
    Map<TaskType, ScalerRegistry.Entry> scalers = scalers();
    resolveCapacity(scalers);
    resolveCosts();

    // Caps: the graph, the plan's mode, the task types combined, memory.
    List<Explanation> capLines = new ArrayList<>();
    Cap graph = new Cap(bounds.maxWidth,
        plan.analysis().edgeCount() == 0 ? BindingLimit.TASK_COUNT : BindingLimit.DEPENDENCIES,
        "graph");
    capLines.add(Explanation.of("Graph: at most " + Format.count(bounds.maxWidth)
        + " tasks at once (its widest level, critical tasks and gates aside)"));
    Cap mode = null;
    if (plan.concurrencyLimit() != Integer.MAX_VALUE) {
      mode = new Cap(plan.concurrencyLimit(), BindingLimit.CONCURRENCY_LIMIT, "mode");
      capLines.add(Explanation.of("Execution mode " + plan.mode().name().toLowerCase(Locale.ROOT)
          + ": at most " + Format.count(plan.concurrencyLimit()) + " tasks at once"));
    }
    Cap types = typeCaps(scalers, capLines);
    Cap memory = memoryCap(capLines);
    Cap safe = min(types, memory);
    Cap ceiling = min(min(graph, mode), safe);
    capLines.add(Explanation.of("Safe capacity (the machine and the task types): "
        + (safe == null ? "unbounded" : agents(safe.agents()) + " ("
            + safe.limit().description() + ")")));
    capLines.add(Explanation.of("Ceiling: " + agents(ceiling.agents()) + " ("
        + ceiling.limit().description() + ")"));
    phases.add(Explanation.of("Caps", capLines));

    // Search for the smallest count within tolerance of the best predicted time.
    int cap = (int) Math.min(ceiling.agents(), Integer.MAX_VALUE);
    AgentSearch.Result search = search(cap);
    int auto = search.chosen();
    BindingLimit autoLimit = autoLimit(search, cap, ceiling);

    // History: the best configuration of similar past runs.
    int fromHistory = history(cap);
    if (fromHistory > 0) {
      auto = fromHistory;
      autoLimit = BindingLimit.HISTORY;
    }

    int agents = auto;
    BindingLimit limit = autoLimit;
    if (requested > 0) {
      agents = requested;
      limit = BindingLimit.USER_OVERRIDE;
      explainOverride(auto, autoLimit, safe, graph, mode);
    }
    return decision(agents, auto, limit);
  }

  private void readGoal() {
    if (plan.goal().isEmpty()) {
      return;
    }
    goal = GoalClassifier.classify(plan.goal().get());
    phases.add(goal.explanation());
    if (requested == 0 && scaler.goalDefaults && goal.requestedAgents().isPresent()) {
      int asked = goal.requestedAgents().getAsInt();
      if (asked >= 1 && asked <= AutoScaler.MAX_AGENTS) {
        requested = asked;
        requestedBy = "the goal (\"" + asked + " … agents\")";
      } else {
        warnings.add("the goal asks for " + Format.count(asked) + " agents, which is not between 1"
            + " and " + Format.count(AutoScaler.MAX_AGENTS) + "; ignored");
      }
    }
  }

  /** The goal's type for a plan whose tasks are all GENERAL (nobody set a type), else null. */
  private TaskType generalAs() {
    if (!scaler.goalDefaults || goal == null || goal.taskType().isEmpty()) {
      return null;
    }
    Map<TaskType, Integer> counts = plan.analysis().countsByType();
    boolean allGeneral = counts.size() == 1 && counts.containsKey(TaskType.GENERAL);
    return allGeneral && !goal.taskType().get().equals(TaskType.GENERAL)
        ? goal.taskType().get() : null;
  }

  private void explainGraph(TaskType generalAs) {
    PlanAnalysis a = plan.analysis();
    List<Explanation> lines = new ArrayList<>();
    lines.add(Explanation.of(Format.count(bounds.tasks) + " tasks, "
        + Format.count(a.edgeCount()) + " dependencies, " + Format.count(a.levelCount())
        + (a.levelCount() == 1 ? " level" : " levels") + " (" + a.shape().description() + ")"));
    lines.add(Explanation.of("Total work W = " + Format.nanos(bounds.work)
        + " · critical path CP = " + Format.nanos(bounds.criticalPath)
        + (bounds.criticalWork > 0 ? " · critical tasks (run alone) W_K = "
            + Format.nanos(bounds.criticalWork) : "")));
    lines.add(Explanation.of("Average parallelism W ÷ CP = "
        + Format.decimal(bounds.criticalPath == 0 ? bounds.maxWidth
            : (double) bounds.work / bounds.criticalPath)));
    if (bounds.learned > 0) {
      lines.add(Explanation.of(Format.count(bounds.learned)
          + " tasks without an estimate use durations learned from history"));
    }
    if (generalAs != null) {
      lines.add(Explanation.of("General tasks are scaled as " + generalAs + " (from the goal)"));
    }
    if (goal != null && goal.itemCount().isPresent()
        && goal.itemCount().getAsLong() != bounds.tasks) {
      lines.add(Explanation.of("The goal mentions " + Format.count(goal.itemCount().getAsLong())
          + " items; the plan has " + Format.count(bounds.tasks) + " tasks"));
    }
    if (goal != null && !goal.criticalOperations().isEmpty() && a.criticalTaskCount() == 0) {
      warnings.add("the goal names " + goal.criticalOperations() + " but no task of plan '"
          + plan.name() + "' is marked critical; mark them critical so they run alone");
    }
    phases.add(Explanation.of("Graph", lines));
  }

  private Map<TaskType, ScalerRegistry.Entry> scalers() {
    Map<TaskType, ScalerRegistry.Entry> scalers = new java.util.LinkedHashMap<>();
    for (TaskType type : bounds.types().keySet()) {
      ScalerRegistry.Entry entry = scaler.registry.scalerFor(type);
      scalers.put(type, entry);
      if (entry.fallback()) {
        warnings.add("no scaler is registered for task type '" + type + "' ("
            + Format.count(bounds.types().get(type).tasks()) + " tasks): scaled as general work"
            + " (no resource cap); register one with AutoScaler.builder().scaler(TaskType.of(\""
            + type + "\"), ...) or a TaskTypeScalerProvider");
      }
    }
    return scalers;
  }

  private void resolveCapacity(Map<TaskType, ScalerRegistry.Entry> scalers) {
    Set<Resource> wanted = EnumSet.of(Resource.CPU, Resource.MEMORY);
    for (ScalerRegistry.Entry entry : scalers.values()) {
      if (entry.scaler() instanceof BuiltInScalers.FileIo) {
        wanted.add(Resource.DISK);
      } else if (entry.scaler() instanceof BuiltInScalers.Network network
          && network.bitsPerSecondPerTask() > 0) {
        wanted.add(Resource.NETWORK);
      }
    }
    Set<Resource> missing = scaler.capacity.missing(wanted);
    if (missing.isEmpty()) {
      capacity = scaler.capacity;
    } else {
      ResourceProbe probe = scaler.probe != null ? scaler.probe : ResourceProbe.oshi();
      capacity = scaler.capacity.orElse(Capacity.of(probe.snapshot(missing)));
    }
    List<Explanation> lines = new ArrayList<>();
    lines.add(Explanation.of("CPU: " + capacity.cpuCores().stream()
        .mapToObj(BuiltInScalers::number).findFirst().orElse("unknown") + " cores ("
        + capacity.source(Resource.CPU) + ")"));
    lines.add(Explanation.of("Memory available: " + capacity.memoryAvailable().stream()
        .mapToObj(Decider::bytes).findFirst().orElse("unknown") + " ("
        + capacity.source(Resource.MEMORY) + ")"));
    if (wanted.contains(Resource.DISK) || capacity.diskIops().isPresent()) {
      lines.add(Explanation.of("Disk: " + capacity.diskIops().stream()
          .mapToObj(iops -> Format.count(Math.round(iops)) + " IOPS").findFirst().orElse("unknown")
          + " (" + capacity.source(Resource.DISK) + ")"));
    }
    if (wanted.contains(Resource.NETWORK) || capacity.networkBandwidth().isPresent()) {
      lines.add(Explanation.of("Network: " + capacity.networkBandwidth().stream()
          .mapToObj(BuiltInScalers::bits).findFirst().orElse("unknown") + " ("
          + capacity.source(Resource.NETWORK) + ")"));
    }
    capacity.connectionLimit().ifPresent(c ->
        lines.add(Explanation.of("Connections: at most " + Format.count(c) + " (configured)")));
    for (Map.Entry<String, RateLimit> limit : capacity.rateLimits().entrySet()) {
      lines.add(Explanation.of("Rate limit " + limit.getKey() + ": " + limit.getValue()
          + " (configured)"));
    }
    phases.add(Explanation.of("Capacity", lines));
  }

  private void resolveCosts() {
    costs = scaler.costs();
    phases.add(Explanation.of("Coordination overhead", List.of(
        Explanation.of("Agent start-up s = " + Format.duration(costs.agentStartup()) + " ("
            + costs.agentStartupSource() + ")"),
        Explanation.of("Task dispatch d = " + Format.duration(costs.taskDispatch()) + " ("
            + costs.taskDispatchSource() + ")"),
        Explanation.of("Contention κ = " + String.format(Locale.ROOT, "%.4f", costs.contention())
            + " up to C = " + costs.contenders() + " competing agents (" + costs.contentionSource()
            + ")"),
        Explanation.of(costs.formula(bounds.tasks)))));
  }

  private Cap typeCaps(Map<TaskType, ScalerRegistry.Entry> scalers, List<Explanation> lines) {
    long[] caps = new long[scalers.size()];
    List<AgentCap> results = new ArrayList<>();
    int t = 0;
    for (Map.Entry<TaskType, ScalerRegistry.Entry> e : scalers.entrySet()) {
      GraphBounds.TypeStats stats = bounds.types().get(e.getKey());
      TaskTypeWork work = new TaskTypeWork(e.getKey(), stats.tasks(), stats.widest(),
          Duration.ofNanos(stats.work()), bounds.tasks);
      AgentCap cap;
      try {
        cap = e.getValue().scaler().cap(work, capacity, costs);
      } catch (RuntimeException failure) {
        throw new IllegalStateException("the scaler for task type '" + e.getKey() + "' ("
            + e.getValue().origin() + ") failed: " + failure.getMessage(), failure);
      }
      if (cap == null) {
        throw new IllegalStateException("the scaler for task type '" + e.getKey() + "' ("
            + e.getValue().origin() + ") returned no cap");
      }
      warnings.addAll(cap.warnings());
      int defaults = bounds.defaults.getOrDefault(e.getKey(), 0);
      if (defaults > 0 && !cap.isUnlimited()) {
        warnings.add("the cap of " + agents(cap.agents()) + " for " + e.getKey() + " rests on the"
            + " default duration of " + Format.duration(plan.analysis().defaultEstimate())
            + " for " + Format.count(defaults) + " of its " + Format.count(stats.tasks())
            + " tasks (no estimate, nothing learned): give them estimates or run once with a"
            + " history");
      }
      results.add(cap);
      caps[t++] = cap.agents();
      lines.add(Explanation.of(e.getKey() + " (" + Format.count(stats.tasks()) + " tasks, "
          + e.getValue().origin() + "): " + (cap.isUnlimited() ? "no cap"
              : agents(cap.agents()) + " [" + cap.limit() + "]"),
          Explanation.of(cap.reason())));
    }
    int[] reducer = new int[1];
    long combined = bounds.combinedCap(caps, reducer);
    if (reducer[0] < 0) {
      return null; // the caps leave the graph's width as it is
    }
    AgentCap binding = results.get(reducer[0]);
    if (scalers.size() > 1) {
      lines.add(Explanation.of("Types combined: " + agents(combined),
          Explanation.of("max over levels of Σ over types of min(type cap, tasks of the type on"
              + " the level); " + bounds.type(reducer[0]) + " costs the most")));
    }
    return new Cap(combined, binding.limit(), "type " + bounds.type(reducer[0]));
  }

  private Cap memoryCap(List<Explanation> lines) {
    if (capacity.memoryAvailable().isEmpty()) {
      return null;
    }
    long available = capacity.memoryAvailable().getAsLong();
    long agents = Math.max(1, available / costs.agentMemory());
    lines.add(Explanation.of("Memory: " + bytes(available) + " ÷ " + bytes(costs.agentMemory())
        + " per agent (" + costs.agentMemorySource() + ") = " + agents(agents)));
    return new Cap(agents, BindingLimit.MEMORY, "memory");
  }

  private static Cap min(Cap a, Cap b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.agents() < a.agents() ? b : a;
  }

  /** Predicted time without overhead, in nanoseconds; a plugged estimator is asked once per n. */
  private double graphTime(int n) {
    if (scaler.estimator == null) {
      return bounds.lowerBound(n);
    }
    return estimated.computeIfAbsent(n, this::estimate);
  }

  private double estimate(int n) {
    Duration d;
    try {
      d = scaler.estimator.makespan(plan, n);
    } catch (RuntimeException failure) {
      throw new IllegalStateException("the makespan estimator " + scaler.estimator + " failed for "
          + n + " agents: " + failure.getMessage(), failure);
    }
    if (d == null || d.isNegative()) {
      throw new IllegalStateException("the makespan estimator " + scaler.estimator + " returned "
          + d + " for " + n + " agents; it must return a duration >= 0");
    }
    return d.toNanos();
  }

  private double total(int n) {
    return graphTime(n) + costs.overheadNanos(n, bounds.tasks);
  }

  private AgentSearch.Result search(int cap) {
    AgentSearch.Result result = scaler.estimator == null
        ? AgentSearch.exhaustive(cap, scaler.tolerance, this::total)
        : AgentSearch.gridThenRefine(cap, scaler.tolerance, scaler.estimatorBudget, this::total);
    String source = scaler.estimator == null
        ? "the graph bound max(CP, W_K + max((W − W_K) ÷ n, J(n)), level bounds)"
        : "the estimator " + scaler.estimator;
    List<Explanation> lines = new ArrayList<>();
    lines.add(Explanation.of("T(n) = " + source + " + O(n)"));
    lines.add(Explanation.of(scaler.estimator == null
        ? "Tried every n from 1 to " + Format.count(cap)
        : "Geometric grid from 1 to " + Format.count(cap) + " (ratio " + AgentSearch.GRID_RATIO
            + "), refined: " + result.evaluations() + " estimator calls"));
    lines.add(time("n = 1", 1));
    if (result.best() != 1) {
      lines.add(time("Best: n = " + Format.count(result.best()), result.best()));
    }
    if (cap != result.best() && cap != 1) {
      lines.add(time("Ceiling: n = " + Format.count(cap), cap));
    }
    lines.add(Explanation.of("Smallest n within " + Format.percent(scaler.tolerance)
        + " of the best (≤ " + Format.nanos(Math.round(result.bestTime() * (1 + scaler.tolerance)))
        + "): n = " + Format.count(result.chosen()) + ", T = "
        + Format.nanos(Math.round(result.chosenTime()))));
    phases.add(Explanation.of("Search", lines));
    return result;
  }

  private Explanation time(String label, int n) {
    double g = graphTime(n);
    double o = costs.overheadNanos(n, bounds.tasks);
    return Explanation.of(label + ": T = " + Format.nanos(Math.round(g)) + " + "
        + Format.nanos(Math.round(o)) + " overhead = " + Format.nanos(Math.round(g + o)));
  }

  /** Why the search stopped where it did. */
  private BindingLimit autoLimit(AgentSearch.Result search, int cap, Cap ceiling) {
    int n = search.chosen();
    if (n >= cap) {
      return ceiling.limit();
    }
    // Below the ceiling. If more agents up to the ceiling would shorten the graph's time, the
    // overhead of more agents ate the gain. If they would not (the time moves in whole rounds of
    // tasks, or the critical path rules), the limit is whatever keeps the graph from going faster:
    // the ceiling when the graph alone could use more agents than it allows, else the graph.
    double slack = 1 + scaler.tolerance;
    double atChoice = graphTime(n);
    double atCap = graphTime(cap);
    if (atChoice > atCap * slack) {
      return BindingLimit.OVERHEAD;
    }
    boolean graphWantsMore = cap < bounds.maxWidth && atCap > graphTime(bounds.maxWidth) * slack;
    return graphWantsMore ? ceiling.limit() : BindingLimit.DEPENDENCIES;
  }

  /** The count the best similar past run suggests, scaled to this plan's size; 0 if none. */
  private int history(int cap) {
    if (scaler.history == dev.orchestrator.history.ExecutionHistory.none()) {
      return 0;
    }
    TaskType dominant = bounds.types().values().stream()
        .max(Comparator.comparingLong(GraphBounds.TypeStats::work)
            .thenComparingInt(GraphBounds.TypeStats::tasks))
        .orElseThrow().type();
    List<PastRun> runs = scaler.history.similarRuns(dominant, bounds.tasks);
    if (runs.isEmpty()) {
      phases.add(Explanation.of("History: no past run of " + dominant + " work within ±20 % of "
          + Format.count(bounds.tasks) + " tasks"));
      return 0;
    }
    PastRun best = runs.stream()
        .min(Comparator.comparing((PastRun run) -> run.makespanScaledTo(bounds.tasks))
            .thenComparingInt(PastRun::agents))
        .orElseThrow();
    long scaled = Math.round(best.agents() * ((double) bounds.tasks / best.taskCount()));
    int agents = (int) Math.max(1, Math.min(cap, scaled));
    phases.add(Explanation.of("History: " + runs.size() + " similar past "
            + (runs.size() == 1 ? "run" : "runs") + " (" + dominant + ", size within ±20 %)",
        Explanation.of("Fastest: " + Format.count(best.taskCount()) + " tasks on "
            + agents(best.agents()) + " in " + Format.duration(best.makespan())),
        Explanation.of("Scaled to " + Format.count(bounds.tasks) + " tasks: "
            + agents(scaled) + (agents != scaled ? ", capped at "
                + Format.count(agents) : "")),
        Explanation.of("The observed best replaces the model's choice")));
    return agents;
  }

  private void explainOverride(int auto, BindingLimit autoLimit, Cap safe, Cap graph, Cap mode) {
    List<Explanation> lines = new ArrayList<>();
    lines.add(Explanation.of("Requested by " + requestedBy + ": " + Format.count(requested)
        + " agents, honoured exactly"));
    lines.add(Explanation.of("Auto-scaling would use " + agents(auto) + " ("
        + autoLimit.description() + ")"));
    if (safe != null && requested > safe.agents()) {
      String warning = "requested " + Format.count(requested) + " agents exceed the safe capacity"
          + " of " + Format.count(safe.agents()) + " (" + safe.limit().description()
          + "); recommended: " + agents(auto);
      warnings.add(warning);
      lines.add(Explanation.of("Warning: " + warning));
    }
    if (requested > graph.agents()) {
      lines.add(Explanation.of("Only " + Format.count(graph.agents()) + " tasks can ever run at"
          + " once: " + agents(requested - graph.agents()) + " will stay idle"));
    }
    if (mode != null && requested > mode.agents()) {
      lines.add(Explanation.of("The " + plan.mode().name().toLowerCase(Locale.ROOT) + " mode runs"
          + " at most " + Format.count(mode.agents()) + " tasks at once"));
    }
    phases.add(Explanation.of("User override", lines));
  }

  private ScalingDecision decision(int agents, int recommended, BindingLimit limit) {
    double graph = graphTime(agents);
    double overhead = costs.overheadNanos(agents, bounds.tasks);
    long predicted = clamp(graph + overhead);
    long sequential = bounds.work;
    double saved = (double) sequential - predicted;
    double roi = overhead == 0 ? (saved > 0 ? Double.POSITIVE_INFINITY : 0.0) : saved / overhead;
    phases.add(Explanation.of("Decision: " + agents(agents) + " — binding limit " + limit + " ("
            + limit.description() + ")",
        // The search's objective, not a second prediction: the preview's ESTIMATED TIME is the
        // one prediction (the simulated run at this count).
        Explanation.of("Search objective T(n) + O(n) = " + Format.nanos(predicted) + " ("
            + Format.nanos(clamp(graph)) + " + " + Format.nanos(clamp(overhead)) + " overhead)"),
        Explanation.of("ROI = time saved ÷ overhead = " + Format.nanos(clamp(saved)) + " ÷ "
            + Format.nanos(clamp(overhead)) + " = " + roi(roi)
            + (agents == 1 ? " (one agent: no parallelism to pay for)" : ""))));
    for (String warning : warnings) {
      phases.add(Explanation.of("Warning: " + warning));
    }
    return new ScalingDecision(plan, agents, recommended, limit, Duration.ofNanos(predicted),
        Duration.ofNanos(sequential), Duration.ofNanos(clamp(overhead)), roi, warnings,
        Explanation.of("Scaling calculation", phases), goal, capacity, scaler.estimator);
  }

  private ScalingDecision empty() {
    warnings.add("plan '" + plan.name() + "' has no tasks: one agent, nothing to run");
    capacity = scaler.capacity;
    phases.add(Explanation.of("Graph: no tasks"));
    costs = scaler.costs();
    int agents = requested > 0 ? requested : 1;
    return decision(agents, 1, requested > 0 ? BindingLimit.USER_OVERRIDE : BindingLimit.TASK_COUNT);
  }

  /** The ROI rating (time saved per unit of overhead): > 100 excellent, > 10 good, > 2 marginal, else poor. */
  private static String roi(double roi) {
    if (Double.isInfinite(roi)) {
      return "∞ (no overhead)";
    }
    String rating = roi > 100 ? "EXCELLENT" : roi > 10 ? "GOOD" : roi > 2 ? "MARGINAL" : "POOR";
    return Format.decimal(roi) + "× (" + rating + ")";
  }

  private static long clamp(double nanos) {
    if (nanos >= Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return nanos <= Long.MIN_VALUE ? Long.MIN_VALUE : Math.round(nanos);
  }

  /** {@code "1 agent"}, {@code "2,500 agents"}. */
  private static String agents(long n) {
    return Format.count(n) + (n == 1 ? " agent" : " agents");
  }

  static String bytes(long bytes) {
    return BuiltInScalers.inUnits(bytes, 1024, "B", "KiB", "MiB", "GiB", "TiB");
  }
}
