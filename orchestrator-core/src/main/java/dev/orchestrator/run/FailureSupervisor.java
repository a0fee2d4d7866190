package dev.orchestrator.run;

import dev.orchestrator.observe.FailurePattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Watches the failure rate of a run's attempts and adapts the run to it, as {@link
 * FailureAdaptation} describes: shrink the pool, fall back, or pause and classify the failures
 * (systematic, random, grouped) and act on the pattern.
 *
 * <p>Not thread-safe: the run calls it under its lock, and it calls the run back through {@link
 * Control} under the same lock. Every call is O(1) but the classification, which is O(window) and
 * happens at most once per window.
 */
final class FailureSupervisor {

  /** What the supervisor may do to its run; every method is called under the run's lock. */
  interface Control {
    /** The pool size in force now. */
    int poolSize();

    /** The pool size asked for by the user or the scaler: growing back stops there. */
    int requestedPool();

    /** Caps the pool at {@code agents} for failures ({@link Integer#MAX_VALUE} lifts the cap). */
    void limitPool(int agents, String reason);

    /** Stops starting tasks while the failures are classified. */
    void pauseForAnalysis();

    /** Starts tasks again after {@link #pauseForAnalysis()}. */
    void resumeAfterAnalysis();

    /** Attempts running now. */
    int running();

    /** Calls {@link FailureSupervisor#analysisDue()} after {@code nanos}, unless the run ended. */
    void scheduleAnalysis(long nanos);

    /** Holds the tasks of a group that have not started; the others go on. */
    void pauseGroup(String group, String reason);

    /** Cancels the run and, if so configured, rolls it back. */
    void abort(String cause);

    /** Records and publishes a {@code FailureAnalysis}. */
    void analysed(FailurePattern classification, List<String> tasks, String action, String evidence);

    String taskId(int task);

    /** The task's group, or null. */
    String group(int task);
  }

  private final FailureAdaptation settings;
  private final Control control;

  // The sliding window: a ring of the last finished attempts, oldest at head.
  private final int[] tasks;
  private final String[] causes; // null for a success
  private int head;
  private int size;
  private int failures;

  private boolean analysing;
  private int drained; // attempts recorded while paused for the analysis
  private boolean aborted;
  private int cap = Integer.MAX_VALUE; // the failure cap in force

  // Whether shrinking helps: after a shrink, the next sample is compared with the rate it acted on.
  private double trialRate = -1; // the rate the last shrink acted on, until the next sample judges it
  private int trialFrom = -1; // the pool before that shrink
  private double settledRate = -1; // shrinking did not help at this rate: leave the pool alone

  FailureSupervisor(FailureAdaptation settings, Control control) {
    this.settings = Objects.requireNonNull(settings);
    this.control = Objects.requireNonNull(control);
    this.tasks = new int[settings.window()];
    this.causes = new String[settings.window()];
  }

  /** An attempt of {@code task} succeeded. */
  void succeeded(int task) {
    record(task, null);
    if (analysing) {
      classifyIfDrained();
    } else if (!evaluate()) {
      maybeGrowBack();
    }
  }

  /** An attempt of {@code task} failed with {@code error} (whether or not it will be retried). */
  void failed(int task, Throwable error) {
    record(task, FailureCause.of(error, control.taskId(task)));
    if (analysing) {
      classifyIfDrained();
    } else {
      evaluate();
    }
  }

  /** The analysis grace is over: classify with what has finished by now. */
  void analysisDue() {
    if (analysing) {
      classify();
    }
  }

  boolean isAnalysing() {
    return analysing;
  }

  /** The failure cap in force, or {@link Integer#MAX_VALUE}. */
  int cap() {
    return cap;
  }

  // ------------------------------------------------------------------ the window

  private void record(int task, String cause) {
    int slot;
    if (size < tasks.length) {
      slot = (head + size++) % tasks.length;
    } else {
      slot = head;
      head = (head + 1) % tasks.length;
      if (causes[slot] != null) {
        failures--;
      }
    }
    tasks[slot] = task;
    causes[slot] = cause;
    if (cause != null) {
      failures++;
    }
    if (analysing) {
      drained++;
    }
  }

  private void reset() {
    head = 0;
    size = 0;
    failures = 0;
    java.util.Arrays.fill(causes, null);
  }

  private int at(int k) { // k-th oldest slot
    return (head + k) % tasks.length;
  }

  private double rate() {
    return size == 0 ? 0 : (double) failures / size;
  }

  private String evidence() {
    return String.format(Locale.ROOT, "failure rate %.1f %% (%d of the last %d attempts)",
        100 * rate(), failures, size);
  }

  // ------------------------------------------------------------------ decisions

  /** Acts on the failure rate if it calls for it; returns whether it did. */
  private boolean evaluate() {
    if (aborted || size < settings.minSample()) {
      return false;
    }
    double rate = rate();
    int pool = control.poolSize();
    if (trialRate >= 0) {
      double tried = trialRate;
      trialRate = -1;
      // Fell enough: the shrink helped. Doubled or worse: a new situation (an outage beginning,
      // say), acted on below like any other. In between: the smaller pool changed nothing.
      if (rate > tried * settings.improvementRequired() && !clearlyAbove(tried)) {
        restore(tried);
        return true;
      }
    }
    if (settledRate >= 0) {
      if (rate < settings.reduceAt()) {
        settledRate = -1; // the background is gone
        return false;
      }
      if (!clearlyAbove(settledRate)) {
        return false; // the known background: a smaller pool did not help against it before
      }
      settledRate = -1; // twice as bad: a new situation
    }
    if (rate >= settings.analyseAt() && failures >= settings.minFailures()) {
      analysing = true;
      drained = 0;
      control.pauseForAnalysis();
      if (control.running() == 0) {
        classify();
      } else {
        control.scheduleAnalysis(settings.analysisGrace().toNanos());
      }
    } else if (rate >= settings.fallbackAt()) {
      int to = settings.fallbackPool(pool);
      return shrink(pool, to, evidence() + " is at or above " + percent(settings.fallbackAt())
          + ": falling back to "
          + (to == 1 ? "sequential (1 agent)" : "a moderate pool of " + to + " agents"));
    } else if (rate >= settings.reduceAt()) {
      return shrink(pool, Math.max(1, (int) (pool * settings.reduceFactor())), evidence()
          + " is at or above " + percent(settings.reduceAt()) + ": shrinking the pool by "
          + percent(1 - settings.reduceFactor()));
    } else {
      return false;
    }
    return true;
  }

  /**
   * The last shrink did not bring the rate down: the failures do not come from load, so the pool
   * goes back to its size before that shrink and stays there for this rate. (Earlier shrinks that
   * did help are kept.)
   */
  private void restore(double tried) {
    settledRate = rate();
    int to = trialFrom;
    trialFrom = -1;
    String reason = evidence() + " did not fall below " + percent(tried * settings.improvementRequired())
        + " after the pool shrank for " + percent(tried) + ": the failures do not come from load;"
        + " restoring " + to + " agents and not shrinking again until the rate is clearly above "
        + percent(settledRate);
    growTo(to, reason);
  }

  /**
   * Whether the window holds clearly more failures than a background rate gives: at least twice
   * the rate, and more than three standard deviations above the count it predicts (failures are
   * counted in hundreds of attempts, where 3 against 6 is noise, not a trend).
   */
  private boolean clearlyAbove(double background) {
    double expected = background * size;
    return rate() >= 2 * background && failures > expected + 3 * Math.sqrt(Math.max(expected, 1));
  }

  /** A shrink is a trial: the next sample says whether it helped. */
  private void trial(int pool) {
    trialRate = rate();
    trialFrom = pool;
  }

  private void maybeGrowBack() {
    if (aborted || cap == Integer.MAX_VALUE || size < tasks.length || rate() >= settings.reduceAt()) {
      return;
    }
    int to = (int) Math.ceil(cap / settings.reduceFactor());
    if (to <= cap) {
      to = cap + 1;
    }
    String reason = evidence() + " is below " + percent(settings.reduceAt()) + ": growing the pool back";
    growTo(to, reason);
  }

  /**
   * Shrinks the pool to {@code to} and starts a fresh window; when the pool is that small already
   * it does nothing, and the evidence is kept for the next decision.
   */
  private boolean shrink(int pool, int to, String reason) {
    if (to >= pool) {
      return false;
    }
    trial(pool);
    limit(to, reason);
    reset();
    return true;
  }

  private void limit(int agents, String reason) {
    cap = agents;
    control.limitPool(agents, reason);
  }

  /**
   * Grows the pool to {@code to} and starts a fresh window; at or above the pool the run asked for,
   * the cap is lifted altogether rather than set, so that the supervisor no longer limits the pool.
   */
  private void growTo(int to, String reason) {
    if (to >= control.requestedPool()) {
      cap = Integer.MAX_VALUE;
      control.limitPool(Integer.MAX_VALUE, reason);
    } else {
      limit(to, reason);
    }
    reset();
  }

  private void classifyIfDrained() {
    if (control.running() == 0) {
      classify();
    }
  }

  /** Classifies the failures in the window and acts on the pattern. */
  private void classify() {
    analysing = false;
    Set<String> failedTasks = new LinkedHashSet<>();
    Map<String, Integer> byCause = new HashMap<>();
    String group = null;
    boolean oneGroup = true;
    for (int k = 0; k < size; k++) {
      int s = at(k);
      if (causes[s] == null) {
        continue;
      }
      failedTasks.add(control.taskId(tasks[s]));
      byCause.merge(causes[s], 1, Integer::sum);
      String g = control.group(tasks[s]);
      if (g == null || (group != null && !group.equals(g))) {
        oneGroup = false;
      }
      group = g;
    }
    String dominant = null;
    int dominantCount = 0;
    for (Map.Entry<String, Integer> e : byCause.entrySet()) {
      if (e.getValue() > dominantCount) {
        dominant = e.getKey();
        dominantCount = e.getValue();
      }
    }
    List<String> ids = new ArrayList<>(failedTasks);
    String evidence = evidence();
    int pool = control.poolSize();
    if (failures > 0 && oneGroup && othersSucceed(group)) {
      String reason = "failures confined to group '" + group + "' (" + evidence + ")";
      control.analysed(FailurePattern.GROUPED, ids, "pausing group '" + group + "'; the other groups go on",
          reason);
      control.pauseGroup(group, reason);
      control.resumeAfterAnalysis();
      reset();
      return;
    }
    // The streak is counted back from the attempt that triggered the analysis: the attempts that
    // finish while the run drains are the slowest ones, and failures (timeouts above all) are
    // over-represented among them.
    int streak = 0;
    Set<Integer> streakTasks = new java.util.HashSet<>();
    for (int k = size - 1 - drained; k >= 0 && dominant != null && dominant.equals(causes[at(k)]);
        k--) {
      streak++;
      streakTasks.add(tasks[at(k)]);
    }
    double share = failures == 0 ? 0 : (double) dominantCount / failures;
    String causeEvidence = String.format(Locale.ROOT,
        "%s; %d of %d failures (%.0f %%) share one cause: %s; the last %d attempts before the"
            + " pause failed with it",
        evidence, dominantCount, failures, 100 * share, dominant, streak);
    if (dominant != null && share >= settings.systematicShare()
        && streak >= settings.systematicStreak() && streakTasks.size() >= 2) {
      aborted = true;
      control.analysed(FailurePattern.SYSTEMATIC, ids, "aborting the run"
          + (settings.rollback() ? " and rolling back: the compensations of the succeeded tasks"
              + " run in reverse completion order" : ""), causeEvidence);
      control.abort("aborted after a systematic failure: " + dominant + " (" + dominantCount + " of "
          + failures + " failed attempts)");
      return;
    }
    int to = rate() >= settings.fallbackAt() ? settings.fallbackPool(pool) : Math.max(1, pool / 2);
    String action = to >= pool ? "keeping the pool at " + pool + " agents"
        : (to == pool / 2 ? "halving the pool: " : "falling back: ") + pool + " -> " + to
            + " agents";
    control.analysed(FailurePattern.RANDOM, ids, action + "; failed tasks retry as their policies allow",
        causeEvidence);
    if (to < pool) {
      trial(pool);
      limit(to, "random failures (" + evidence + "): " + action);
    }
    control.resumeAfterAnalysis();
    reset();
  }

  /** Whether an attempt in the window of a task outside {@code group} succeeded. */
  private boolean othersSucceed(String group) {
    if (group == null) {
      return false;
    }
    for (int k = 0; k < size; k++) {
      int s = at(k);
      if (causes[s] == null && !group.equals(control.group(tasks[s]))) {
        return true;
      }
    }
    return false;
  }

  private static String percent(double share) {
    double p = 100 * share;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p))
        + " %";
  }
}
