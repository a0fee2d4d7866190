package dev.orchestrator.run;

import dev.orchestrator.internal.Checks;
import dev.orchestrator.internal.SettingValues;
import java.time.Duration;
import java.util.Locale;

/**
 * How a run adapts to failing tasks: the failure rate it watches, the thresholds at which it shrinks
 * the pool, and when it pauses to classify the failures ({@code docs/reliability.md}).
 *
 * <p>The <b>failure rate</b> is failed attempts ÷ finished attempts over a sliding window of the
 * last {@link #window()} finished attempts (a retry is an attempt like any other); it is not
 * evaluated before {@link #minSample()} attempts have finished since the last adaptation, and every
 * adaptation starts a fresh window, so one burst of failures is acted on once.
 *
 * <table>
 *   <caption>What the run does at each failure rate (defaults)</caption>
 *   <tr><th>rate</th><th>action</th></tr>
 *   <tr><td>below 1 %</td><td>nothing: failed attempts retry as their policies say; a window this
 *       clean after a shrink grows the pool back one step</td></tr>
 *   <tr><td>1 % to 10 %</td><td>shrink the pool by 25 %</td></tr>
 *   <tr><td>10 % and above</td><td>fall back to a moderate pool (50 agents when more than 100
 *       run) or to one agent (sequential)</td></tr>
 *   <tr><td>5 % and above, with at least 5 failures</td><td>pause, let the running attempts
 *       finish, and classify: <i>grouped</i> (every failure in one {@code TaskSpec.group()}, while
 *       other groups succeed: that group is paused, the others go on), <i>systematic</i> (90 % of
 *       the failures share one cause and the last 8 attempts before the pause all failed with it:
 *       abort, then roll back by running the compensations of succeeded tasks in reverse
 *       completion order), or
 *       <i>random</i> (anything else: halve the pool, or fall back as above at 10 % and more, and
 *       go on)</td></tr>
 * </table>
 *
 * <p>An adaptation that shrinks the pool is <b>kept only if it helps</b>. The next full sample
 * after it is compared with the rate it acted on: if the rate did not fall to {@link
 * #improvementRequired()} of it (half, by default) — nor rose clearly above it (twice the rate
 * and three standard deviations above the count it predicts), which is a worsening acted on like
 * any new rate — the failures evidently do not come from load:
 * a bad host, flaky data, a transient service error happen at any pool size. So the pool is
 * restored to its size before that shrink, and the run stops shrinking (and pausing to classify)
 * until the rate is clearly above the rate it settled at, in the same sense. Without this rule a steady
 * background of 4 % failures would shrink the pool by 25 % every window until one agent was left,
 * without removing a single failure. A rate clearly above the settled one is a new situation and
 * is acted on as above; a clean window (below the shrink threshold) forgets the settled rate.
 *
 * <p>Two failures have the same <b>cause</b> when their exception types and normalized messages
 * are equal: the failing task's id is replaced by {@code <task>}, numbers by {@code #}, UUIDs and
 * long hexadecimal runs by {@code <id>}, whitespace is collapsed. Wrappers that only carry another
 * exception ({@code ExecutionException}, {@code CompletionException}, {@code
 * UncheckedIOException}, ...) are looked through.
 *
 * <pre>{@code
 * Orchestrator.builder()
 *     .failureAdaptation(FailureAdaptation.builder()
 *         .window(500).minSample(200)          // more evidence before acting
 *         .moderatePool(20, 40)                // fall back to 20 agents when more than 40 run
 *         .build())
 *     .build();
 * Orchestrator.builder().failureAdaptation(FailureAdaptation.none()).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FailureAdaptation {

  /** Finished attempts in the sliding window. */
  public static final int DEFAULT_WINDOW = 200;
  /** Finished attempts needed before the rate is evaluated. */
  public static final int DEFAULT_MIN_SAMPLE = 100;
  /** At this rate and above the pool shrinks. */
  public static final double DEFAULT_REDUCE_AT = 0.01;
  /** At this rate and above the run pauses and classifies its failures. */
  public static final double DEFAULT_ANALYSE_AT = 0.05;
  /** At this rate and above the pool falls back to a moderate size or to one agent. */
  public static final double DEFAULT_FALLBACK_AT = 0.10;
  /** The share of the pool kept when it shrinks (shrink by 25 %). */
  public static final double DEFAULT_REDUCE_FACTOR = 0.75;
  /** The pool a fallback keeps when more than {@link #DEFAULT_MODERATE_ABOVE} agents run. */
  public static final int DEFAULT_MODERATE_POOL = 50;
  /** Above this pool size a fallback keeps a moderate pool; at or below it, one agent. */
  public static final int DEFAULT_MODERATE_ABOVE = 100;
  /** Failures in the window needed before the run pauses to classify. */
  public static final int DEFAULT_MIN_FAILURES = 5;
  /** The share of failures one cause must have for a systematic classification. */
  public static final double DEFAULT_SYSTEMATIC_SHARE = 0.9;
  /**
   * The attempts that must all have failed, counted back from the one that triggered the analysis,
   * for a systematic classification.
   */
  public static final int DEFAULT_SYSTEMATIC_STREAK = 8;
  /** The longest the run waits, paused, for running attempts to finish before classifying. */
  public static final Duration DEFAULT_ANALYSIS_GRACE = Duration.ofSeconds(2);
  /**
   * The share of the rate an adaptation acted on that the next sample must fall to for the smaller
   * pool to count as helping; otherwise the pool is restored.
   */
  public static final double DEFAULT_IMPROVEMENT_REQUIRED = 0.5;
  /** The longest one compensation may run during a rollback before it is abandoned. */
  public static final Duration DEFAULT_COMPENSATION_TIMEOUT = Duration.ofMinutes(1);

  private static final FailureAdaptation DEFAULTS = builder().build();
  private static final FailureAdaptation DISABLED = builder().enabled(false).build();

  private final Values values;

  private FailureAdaptation(Values values) {
    this.values = values;
  }

  /** The defaults the class documentation gives: each threshold's reason is there. */
  public static FailureAdaptation defaults() {
    return DEFAULTS;
  }

  /** No adaptation: failed attempts retry as their policies say, and nothing else happens. */
  public static FailureAdaptation none() {
    return DISABLED;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values = values.copy();
    return b;
  }

  /** Whether the run adapts to failures at all. */
  public boolean enabled() {
    return values.enabled;
  }

  /** Finished attempts in the sliding window. */
  public int window() {
    return values.window;
  }

  /** Finished attempts needed (since the last adaptation) before the rate is evaluated. */
  public int minSample() {
    return values.minSample;
  }

  /** The rate at which the pool shrinks by {@code 1 - reduceFactor}. */
  public double reduceAt() {
    return values.reduceAt;
  }

  /** The rate at which the run pauses to classify its failures; above 1 when it never does. */
  public double analyseAt() {
    return values.analyseAt;
  }

  /** The rate at which the pool falls back to a moderate size or to one agent. */
  public double fallbackAt() {
    return values.fallbackAt;
  }

  /** The share of the pool kept when it shrinks. */
  public double reduceFactor() {
    return values.reduceFactor;
  }

  /** The pool a fallback keeps when more than {@link #moderateAbove()} agents run. */
  public int moderatePool() {
    return values.moderatePool;
  }

  /** Above this pool size a fallback keeps {@link #moderatePool()} agents, else one. */
  public int moderateAbove() {
    return values.moderateAbove;
  }

  /** Failures in the window needed before the run pauses to classify. */
  public int minFailures() {
    return values.minFailures;
  }

  /** The share of the failures one cause must have for a systematic classification. */
  public double systematicShare() {
    return values.systematicShare;
  }

  /** The most recent finished attempts that must all have failed for a systematic classification. */
  public int systematicStreak() {
    return values.systematicStreak;
  }

  /** The longest a paused run waits for its running attempts before it classifies. */
  public Duration analysisGrace() {
    return values.analysisGrace;
  }

  /** Whether a systematic abort runs the compensations of the succeeded tasks. */
  public boolean rollback() {
    return values.rollback;
  }

  /**
   * The share of the rate an adaptation acted on that the next sample must fall to for the smaller
   * pool to count as helping (see the class documentation).
   */
  public double improvementRequired() {
    return values.improvementRequired;
  }

  /** The longest one compensation may run during a rollback. */
  public Duration compensationTimeout() {
    return values.compensationTimeout;
  }

  /**
   * The pool a fallback keeps: {@link #moderatePool()} when more than {@link #moderateAbove()}
   * agents run, else one agent.
   */
  int fallbackPool(int agents) {
    return agents > values.moderateAbove ? Math.min(agents, values.moderatePool) : 1;
  }

  @Override
  public String toString() {
    if (!values.enabled) {
      return "FailureAdaptation[disabled]";
    }
    return String.format(Locale.ROOT, "FailureAdaptation[window=%d, minSample=%d, reduceAt=%s,"
            + " analyseAt=%s, fallbackAt=%s, reduceFactor=%s, moderatePool=%d above %d]",
        values.window, values.minSample, values.reduceAt, values.analyseAt, values.fallbackAt,
        values.reduceFactor, values.moderatePool, values.moderateAbove);
  }

  /**
   * Builds a {@link FailureAdaptation}. Every setter checks its argument at once; settings that only
   * conflict together are checked by {@link #build()}. Not thread-safe; {@code build()} copies the
   * state.
   */
  public static final class Builder {
    private Values values = new Values();

    private Builder() {}

    /** Turns the adaptation on (the default) or off. */
    public Builder enabled(boolean enabled) {
      values.enabled = enabled;
      return this;
    }

    /**
     * Finished attempts in the sliding window.
     *
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public Builder window(int attempts) {
      values.window = Checks.atLeastOne(attempts, "failure window", "attempt");
      return this;
    }

    /**
     * Finished attempts needed before the rate is evaluated; at most the window (checked by {@link
     * #build()}).
     *
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public Builder minSample(int attempts) {
      values.minSample = Checks.atLeastOne(attempts, "minimum sample", "attempt");
      return this;
    }

    /**
     * The failure rates at which the pool shrinks, the run pauses to classify, and the pool falls
     * back; {@code reduceAt <= fallbackAt} (checked by {@link #build()}). An {@code analyseAt} above
     * 1 never pauses.
     *
     * @throws IllegalArgumentException if a rate is not within (0, 1], or {@code analyseAt} is not
     *     positive
     */
    public Builder thresholds(double reduceAt, double analyseAt, double fallbackAt) {
      values.reduceAt = Checks.share(reduceAt, "reduce-at rate");
      if (!(analyseAt > 0) || Double.isNaN(analyseAt)) {
        throw new IllegalArgumentException("analyse-at rate must be > 0: " + analyseAt);
      }
      values.analyseAt = analyseAt;
      values.fallbackAt = Checks.share(fallbackAt, "fallback-at rate");
      return this;
    }

    /** Never pauses to classify (the rate tiers still apply). */
    public Builder noAnalysis() {
      values.analyseAt = Double.POSITIVE_INFINITY;
      return this;
    }

    /**
     * The share of the pool kept when it shrinks (0.75: shrink by 25 %).
     *
     * @throws IllegalArgumentException if not within (0, 1)
     */
    public Builder reduceFactor(double factor) {
      values.reduceFactor = Checks.factor(factor, "reduce factor");
      return this;
    }

    /**
     * What a fallback keeps: {@code pool} agents when more than {@code above} run, else one.
     *
     * @throws IllegalArgumentException if {@code pool < 1} or {@code above < pool}
     */
    public Builder moderatePool(int pool, int above) {
      Checks.atLeastOne(pool, "moderate pool", "agent");
      if (above < pool) {
        throw new IllegalArgumentException(
            "moderate pool threshold must be >= the moderate pool: " + above + " < " + pool);
      }
      values.moderatePool = pool;
      values.moderateAbove = above;
      return this;
    }

    /**
     * Failures in the window needed before the run pauses to classify.
     *
     * @throws IllegalArgumentException if {@code failures < 1}
     */
    public Builder minFailures(int failures) {
      values.minFailures = Checks.atLeastOne(failures, "minimum failures");
      return this;
    }

    /**
     * What makes failures systematic: one cause has at least {@code share} of them and the last
     * {@code streak} finished attempts all failed with it.
     *
     * @throws IllegalArgumentException if {@code share} is not within (0, 1] or {@code streak < 1}
     */
    public Builder systematic(double share, int streak) {
      values.systematicShare = Checks.share(share, "systematic share");
      values.systematicStreak = Checks.atLeastOne(streak, "systematic streak", "attempt");
      return this;
    }

    /**
     * The longest a paused run waits for its running attempts to finish before it classifies.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder analysisGrace(Duration grace) {
      values.analysisGrace = Checks.notNegative(grace, "analysis grace");
      return this;
    }

    /** Whether a systematic abort rolls back with the compensations (default true). */
    public Builder rollback(boolean rollback) {
      values.rollback = rollback;
      return this;
    }

    /**
     * The longest one compensation may run during a rollback; then it is interrupted and the
     * rollback goes on with the next.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder compensationTimeout(Duration timeout) {
      values.compensationTimeout = Checks.positive(timeout, "compensation timeout");
      return this;
    }

    /**
     * The share of the rate an adaptation acted on that the next sample must fall to for the
     * smaller pool to count as helping (default {@value #DEFAULT_IMPROVEMENT_REQUIRED}); 1 keeps any
     * shrink that did not make things worse.
     *
     * @throws IllegalArgumentException if {@code share} is not within (0, 1]
     */
    public Builder improvementRequired(double share) {
      values.improvementRequired = Checks.share(share, "improvement required");
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalStateException if the minimum sample exceeds the window, or the reduce-at rate
     *     exceeds the fallback-at rate
     */
    public FailureAdaptation build() {
      if (values.minSample > values.window) {
        throw new IllegalStateException(
            "minimum sample (" + values.minSample + ") cannot exceed the failure window ("
                + values.window + ")");
      }
      if (values.reduceAt > values.fallbackAt) {
        throw new IllegalStateException(
            "reduce-at rate (" + values.reduceAt + ") cannot exceed the fallback-at rate ("
                + values.fallbackAt + ")");
      }
      return new FailureAdaptation(values.copy());
    }
  }

  /** The settings' fields and their defaults. */
  private static final class Values extends SettingValues<Values> {
    boolean enabled = true;
    int window = DEFAULT_WINDOW;
    int minSample = DEFAULT_MIN_SAMPLE;
    double reduceAt = DEFAULT_REDUCE_AT;
    double analyseAt = DEFAULT_ANALYSE_AT;
    double fallbackAt = DEFAULT_FALLBACK_AT;
    double reduceFactor = DEFAULT_REDUCE_FACTOR;
    int moderatePool = DEFAULT_MODERATE_POOL;
    int moderateAbove = DEFAULT_MODERATE_ABOVE;
    int minFailures = DEFAULT_MIN_FAILURES;
    double systematicShare = DEFAULT_SYSTEMATIC_SHARE;
    int systematicStreak = DEFAULT_SYSTEMATIC_STREAK;
    Duration analysisGrace = DEFAULT_ANALYSIS_GRACE;
    boolean rollback = true;
    Duration compensationTimeout = DEFAULT_COMPENSATION_TIMEOUT;
    double improvementRequired = DEFAULT_IMPROVEMENT_REQUIRED;
  }
}
