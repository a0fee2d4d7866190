package dev.orchestrator.observe;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.internal.Format;
import dev.orchestrator.observe.RunMetrics.Bottleneck.Kind;
import dev.orchestrator.observe.RunMetrics.Bottleneck;
import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes {@link RunMetrics} from a report: one pass over the tasks and the dependencies. */
final class MetricsCalculator {

  static final double CRITICAL_TASK_SHARE = 0.5;
  static final double CRITICAL_PATH_SHARE = 0.5;
  static final double SUCCESS_TARGET = 0.95;
  static final double RETRY_SHARE = 0.05;
  static final double IDLE_UTILIZATION = 0.5;
  static final double QUEUE_ALERT = 10;
  static final double BUSY_UTILIZATION = 0.75;
  static final double ESTIMATE_SLOW = 1.5;
  static final double ESTIMATE_FAST = 0.5;
  /** A critical task split into this many parallel parts, for the saving the finding quotes. */
  static final int SPLIT_PARTS = 3;

  private MetricsCalculator() {}

  static RunMetrics compute(RunReport r) {
    long makespan = r.makespan().toNanos();
    PoolStatistics pool = r.pool();
    long work = pool.busyTime().toNanos();
    CriticalPath cp = criticalPath(r);
    int cap = pool.peakAgents();
    Plan plan = r.executedPlan().orElse(null);
    if (plan != null) {
      cap = Math.min(cap, plan.concurrencyLimit());
    }
    double speedUp = work == 0 || makespan == 0 ? 0 : (double) work / makespan;
    double maxSpeedUp = work == 0 ? 0
        : cp.length == 0 ? cap : Math.min(cap, (double) work / cp.length);
    double efficiency = maxSpeedUp == 0 ? 0 : Math.min(1.0, speedUp / maxSpeedUp);
    double success = r.taskCount() == 0 ? 1.0 : (double) r.succeeded() / r.taskCount();
    double cpShare = makespan == 0 ? 0 : (double) cp.length / makespan;
    List<QueueSample> samples = r.queueDepth();
    double avgQueue = averageQueue(samples);
    int maxQueue = 0;
    for (QueueSample s : samples) {
      maxQueue = Math.max(maxQueue, s.ready());
    }
    Map<String, Integer> perAgent = new LinkedHashMap<>();
    for (AgentStatistics a : pool.agents()) {
      perAgent.put(a.name(), a.tasks());
    }
    List<String> cpTasks = new ArrayList<>(cp.tasks.length);
    for (int t : cp.tasks) {
      cpTasks.add(r.idAt(t));
    }
    double utilization = pool.utilization();
    List<Bottleneck> findings = new ArrayList<>();
    criticalTask(r, cp, makespan, cpShare, findings);
    failures(r, success, findings);
    retries(r, findings);
    if (utilization < IDLE_UTILIZATION && pool.peakAgents() > 1 && work > 0 && makespan > 0) {
      long enough = Math.max(1, (long) Math.ceil((double) work / makespan));
      findings.add(new Bottleneck(Kind.IDLE_AGENTS, "pool",
          "agents were busy " + Format.percent(utilization) + " of their time (" + pool.peakAgents()
              + " agents at the peak, " + Format.decimal(speedUp) + " busy on average)",
          "about " + enough + " agent" + (enough == 1 ? "" : "s") + " would have done this work in"
              + " about the same time: lower the agent count or let the scaler decide"));
    }
    double graphParallelism = cp.length == 0 ? Double.POSITIVE_INFINITY : (double) work / cp.length;
    if (avgQueue > QUEUE_ALERT && utilization >= BUSY_UTILIZATION && graphParallelism > cap) {
      findings.add(new Bottleneck(Kind.QUEUE, "queue",
          "on average " + Format.decimal(avgQueue) + " ready tasks waited for an agent (at most "
              + Format.count(maxQueue) + ") while the agents were busy " + Format.percent(utilization)
              + " of their time",
          "more agents would shorten the run: the dependencies allow about "
              + Format.decimal(graphParallelism) + " in parallel, the pool had " + cap));
    }
    estimate(r, makespan, findings);
    if (r.eventsDropped() > 0) {
      findings.add(new Bottleneck(Kind.EVENTS_DROPPED, "listeners",
          "a listener was slower than the run: " + Format.count(r.eventsDropped())
              + " events were dropped",
          "make the listener faster (do slow work off its thread) or raise the event buffer with"
              + " Orchestrator.builder().eventBuffer(n)"));
    }
    return new RunMetrics(r.makespan(), Duration.ofNanos(work), Duration.ofNanos(cp.length),
        cpTasks, pool.peakAgents(), speedUp, maxSpeedUp, efficiency, utilization, success, cpShare,
        avgQueue, maxQueue, pool.reuseRate(), pool.poolEfficiency(), perAgent, findings);
  }

  private static void criticalTask(RunReport r, CriticalPath cp, long makespan, double cpShare,
      List<Bottleneck> findings) {
    if (cp.length == 0 || cpShare < CRITICAL_PATH_SHARE) {
      return;
    }
    int longest = -1;
    long longestSpan = -1;
    for (int t : cp.tasks) {
      long span = span(r, t);
      if (span > longestSpan) {
        longestSpan = span;
        longest = t;
      }
    }
    double share = (double) longestSpan / cp.length;
    if (share < CRITICAL_TASK_SHARE) {
      return;
    }
    String id = r.idAt(longest);
    long saved = longestSpan - longestSpan / SPLIT_PARTS;
    findings.add(new Bottleneck(Kind.CRITICAL_TASK, id,
        "task '" + id + "' is " + Format.percent(share) + " of the critical path ("
            + Format.nanos(longestSpan) + " of " + Format.nanos(cp.length) + "), and the critical"
            + " path is " + Format.percent(cpShare) + " of the run's time",
        "split '" + id + "' into parts that can run in parallel: in " + SPLIT_PARTS + " parts it"
            + " would take the critical path down by up to " + Format.nanos(saved) + " (to "
            + Format.nanos(cp.length - saved) + ", unless another chain becomes critical)"));
  }

  private static void failures(RunReport r, double success, List<Bottleneck> findings) {
    if (success >= SUCCESS_TARGET || r.taskCount() == 0) {
      return;
    }
    int notOk = r.taskCount() - r.succeeded();
    Map<String, Integer> causes = new HashMap<>();
    for (int i = 0; i < r.taskCount(); i++) {
      if (r.stateAt(i) == TaskState.FAILED) {
        String cause = r.tasks().get(i).cause().orElse("unknown");
        causes.merge(cause, 1, Integer::sum);
      }
    }
    String top = null;
    int topCount = 0;
    for (Map.Entry<String, Integer> e : causes.entrySet()) {
      if (e.getValue() > topCount || (e.getValue() == topCount && e.getKey().compareTo(top) < 0)) {
        top = e.getKey();
        topCount = e.getValue();
      }
    }
    String finding = Format.count(notOk) + " of " + Format.count(r.taskCount()) + " tasks did not"
        + " succeed (" + Format.percent(1 - success) + "): " + r.failed() + " failed, " + r.skipped()
        + " skipped, " + r.cancelled() + " cancelled";
    String recommendation = top == null
        ? "see the causes of the skipped and cancelled tasks in the report"
        : "fix the most common cause first: \"" + top + "\" (" + Format.count(topCount) + " task"
            + (topCount == 1 ? "" : "s") + ")";
    findings.add(new Bottleneck(Kind.FAILURES, "run", finding, recommendation));
  }

  private static void retries(RunReport r, List<Bottleneck> findings) {
    int retried = 0;
    long extra = 0;
    for (int i = 0; i < r.taskCount(); i++) {
      int attempts = r.attemptsAt(i);
      if (attempts > 1) {
        retried++;
        extra += attempts - 1;
      }
    }
    if (retried == 0 || retried < RETRY_SHARE * r.taskCount()) {
      return;
    }
    findings.add(new Bottleneck(Kind.RETRIES, "run",
        Format.count(retried) + " tasks (" + Format.percent((double) retried / r.taskCount())
            + ") needed more than one attempt, " + Format.count(extra) + " retries in all",
        "look for the transient cause (timeouts, rate limits, contention): retries cost agent time"
            + " and delay dependents"));
  }

  private static void estimate(RunReport r, long makespan, List<Bottleneck> findings) {
    if (r.estimate().isEmpty() || makespan == 0) {
      return;
    }
    long estimate = r.estimate().get().toNanos();
    if (estimate == 0) {
      return;
    }
    double ratio = (double) makespan / estimate;
    if (ratio <= ESTIMATE_SLOW && ratio >= ESTIMATE_FAST) {
      return;
    }
    findings.add(new Bottleneck(Kind.ESTIMATE, "plan",
        "the run took " + Format.nanos(makespan) + ", "
            + String.format(java.util.Locale.ROOT, "%.2g", ratio) + " × the "
            + Format.nanos(estimate) + " predicted (" + r.estimateSource().orElse("estimate") + ")",
        "give the tasks estimates closer to their real durations (or record runs in the history so"
            + " that durations are learned): the scaler and the ETA depend on them"));
  }

  static long span(RunReport r, int t) {
    long s = r.startNanos(t);
    long f = r.finishNanos(t);
    return s < 0 || f < 0 ? 0 : Math.max(0, f - s);
  }

  private static double averageQueue(List<QueueSample> samples) {
    int n = samples.size();
    if (n == 0) {
      return 0;
    }
    if (n == 1) {
      return samples.get(0).ready();
    }
    double area = 0;
    for (int i = 0; i + 1 < n; i++) {
      long dt = samples.get(i + 1).time().toNanos() - samples.get(i).time().toNanos();
      area += (double) samples.get(i).ready() * dt;
    }
    long total = samples.get(n - 1).time().toNanos() - samples.get(0).time().toNanos();
    return total == 0 ? samples.get(n - 1).ready() : area / total;
  }

  /** The longest chain of spans, and its tasks (report indices). */
  record CriticalPath(long length, int[] tasks) {}

  static CriticalPath criticalPath(RunReport r) {
    Plan plan = r.executedPlan().orElse(null);
    TaskGraph g = plan == null ? null : PlanInternals.graph(plan);
    if (g == null || g.size() > r.taskCount() || (g.size() > 0 && !g.id(0).equals(r.idAt(0)))) {
      int best = -1;
      long longest = 0;
      for (int i = 0; i < r.taskCount(); i++) {
        long span = span(r, i);
        if (span > longest) {
          longest = span;
          best = i;
        }
      }
      return new CriticalPath(longest, best < 0 ? new int[0] : new int[] {best});
    }
    int n = g.size();
    long[] finish = new long[n];
    int[] via = new int[n];
    int last = -1;
    long longest = 0;
    for (int k = 0; k < n; k++) {
      int i = g.topological(k);
      long before = 0;
      int from = -1;
      for (int e = g.predecessorStart(i); e < g.predecessorEnd(i); e++) {
        int p = g.predecessor(e);
        if (finish[p] > before) {
          before = finish[p];
          from = p;
        }
      }
      finish[i] = before + span(r, i);
      via[i] = from;
      if (finish[i] > longest) {
        longest = finish[i];
        last = i;
      }
    }
    int count = 0;
    for (int i = last; i >= 0; i = via[i]) {
      count++;
    }
    int[] path = new int[count];
    for (int i = last, k = count - 1; i >= 0; i = via[i], k--) {
      path[k] = i;
    }
    return new CriticalPath(longest, path);
  }
}
