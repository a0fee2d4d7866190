package dev.orchestrator.run;

import dev.orchestrator.internal.Checks;
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

  private final boolean enabled;
  private final int window;
  private final int minSample;
  private final double reduceAt;
  private final double analyseAt;
  private final double fallbackAt;
  private final double reduceFactor;
  private final int moderatePool;
  private final int moderateAbove;
  private final int minFailures;
  private final double systematicShare;
  private final int systematicStreak;
  private final Duration analysisGrace;
  private final boolean rollback;
  private final Duration compensationTimeout;
  private final double improvementRequired;

  private FailureAdaptation(Builder b) {
    this.enabled = b.enabled;
    this.window = b.window;
    this.minSample = b.minSample;
    this.reduceAt = b.reduceAt;
    this.analyseAt = b.analyseAt;
    this.fallbackAt = b.fallbackAt;
    this.reduceFactor = b.reduceFactor;
    this.moderatePool = b.moderatePool;
    this.moderateAbove = b.moderateAbove;
    this.minFailures = b.minFailures;
    this.systematicShare = b.systematicShare;
    this.systematicStreak = b.systematicStreak;
    this.analysisGrace = b.analysisGrace;
    this.rollback = b.rollback;
    this.compensationTimeout = b.compensationTimeout;
    this.improvementRequired = b.improvementRequired;
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
    b.enabled = enabled;
    b.window = window;
    b.minSample = minSample;
    b.reduceAt = reduceAt;
    b.analyseAt = analyseAt;
    b.fallbackAt = fallbackAt;
    b.reduceFactor = reduceFactor;
    b.moderatePool = moderatePool;
    b.moderateAbove = moderateAbove;
    b.minFailures = minFailures;
    b.systematicShare = systematicShare;
    b.systematicStreak = systematicStreak;
    b.analysisGrace = analysisGrace;
    b.rollback = rollback;
    b.compensationTimeout = compensationTimeout;
    b.improvementRequired = improvementRequired;
    return b;
  }

  /** Whether the run adapts to failures at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Finished attempts in the sliding window. */
  public int window() {
    return window;
  }

  /** Finished attempts needed (since the last adaptation) before the rate is evaluated. */
  public int minSample() {
    return minSample;
  }

  /** The rate at which the pool shrinks by {@code 1 - reduceFactor}. */
  public double reduceAt() {
    return reduceAt;
  }

  /** The rate at which the run pauses to classify its failures; above 1 when it never does. */
  public double analyseAt() {
    return analyseAt;
  }

  /** The rate at which the pool falls back to a moderate size or to one agent. */
  public double fallbackAt() {
    return fallbackAt;
  }

  /** The share of the pool kept when it shrinks. */
  public double reduceFactor() {
    return reduceFactor;
  }

  /** The pool a fallback keeps when more than {@link #moderateAbove()} agents run. */
  public int moderatePool() {
    return moderatePool;
  }

  /** Above this pool size a fallback keeps {@link #moderatePool()} agents, else one. */
  public int moderateAbove() {
    return moderateAbove;
  }

  /** Failures in the window needed before the run pauses to classify. */
  public int minFailures() {
    return minFailures;
  }

  /** The share of the failures one cause must have for a systematic classification. */
  public double systematicShare() {
    return systematicShare;
  }

  /** The most recent finished attempts that must all have failed for a systematic classification. */
  public int systematicStreak() {
    return systematicStreak;
  }

  /** The longest a paused run waits for its running attempts before it classifies. */
  public Duration analysisGrace() {
    return analysisGrace;
  }

  /** Whether a systematic abort runs the compensations of the succeeded tasks. */
  public boolean rollback() {
    return rollback;
  }

  /**
   * The share of the rate an adaptation acted on that the next sample must fall to for the smaller
   * pool to count as helping (see the class documentation).
   */
  public double improvementRequired() {
    return improvementRequired;
  }

  /** The longest one compensation may run during a rollback. */
  public Duration compensationTimeout() {
    return compensationTimeout;
  }

  /**
   * The pool a fallback keeps: {@link #moderatePool()} when more than {@link #moderateAbove()}
   * agents run, else one agent.
   */
  int fallbackPool(int agents) {
    return agents > moderateAbove ? Math.min(agents, moderatePool) : 1;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "FailureAdaptation[disabled]";
    }
    return String.format(Locale.ROOT, "FailureAdaptation[window=%d, minSample=%d, reduceAt=%s,"
            + " analyseAt=%s, fallbackAt=%s, reduceFactor=%s, moderatePool=%d above %d]",
        window, minSample, reduceAt, analyseAt, fallbackAt, reduceFactor, moderatePool,
        moderateAbove);
  }

  /**
   * Builds a {@link FailureAdaptation}. Every setter checks its argument at once; settings that only
   * conflict together are checked by {@link #build()}. Not thread-safe; {@code build()} copies the
   * state.
   */
  public static final class Builder {
    private boolean enabled = true;
    private int window = DEFAULT_WINDOW;
    private int minSample = DEFAULT_MIN_SAMPLE;
    private double reduceAt = DEFAULT_REDUCE_AT;
    private double analyseAt = DEFAULT_ANALYSE_AT;
    private double fallbackAt = DEFAULT_FALLBACK_AT;
    private double reduceFactor = DEFAULT_REDUCE_FACTOR;
    private int moderatePool = DEFAULT_MODERATE_POOL;
    private int moderateAbove = DEFAULT_MODERATE_ABOVE;
    private int minFailures = DEFAULT_MIN_FAILURES;
    private double systematicShare = DEFAULT_SYSTEMATIC_SHARE;
    private int systematicStreak = DEFAULT_SYSTEMATIC_STREAK;
    private Duration analysisGrace = DEFAULT_ANALYSIS_GRACE;
    private boolean rollback = true;
    private Duration compensationTimeout = DEFAULT_COMPENSATION_TIMEOUT;
    private double improvementRequired = DEFAULT_IMPROVEMENT_REQUIRED;

    private Builder() {}

    /** Turns the adaptation on (the default) or off. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Finished attempts in the sliding window.
     *
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public Builder window(int attempts) {
      this.window = Checks.atLeastOne(attempts, "failure window", "attempt");
      return this;
    }

    /**
     * Finished attempts needed before the rate is evaluated; at most the window (checked by {@link
     * #build()}).
     *
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public Builder minSample(int attempts) {
      this.minSample = Checks.atLeastOne(attempts, "minimum sample", "attempt");
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
      this.reduceAt = Checks.share(reduceAt, "reduce-at rate");
      if (!(analyseAt > 0) || Double.isNaN(analyseAt)) {
        throw new IllegalArgumentException("analyse-at rate must be > 0: " + analyseAt);
      }
      this.analyseAt = analyseAt;
      this.fallbackAt = Checks.share(fallbackAt, "fallback-at rate");
      return this;
    }

    /** Never pauses to classify (the rate tiers still apply). */
    public Builder noAnalysis() {
      this.analyseAt = Double.POSITIVE_INFINITY;
      return this;
    }

    /**
     * The share of the pool kept when it shrinks (0.75: shrink by 25 %).
     *
     * @throws IllegalArgumentException if not within (0, 1)
     */
    public Builder reduceFactor(double factor) {
      this.reduceFactor = Checks.factor(factor, "reduce factor");
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
      this.moderatePool = pool;
      this.moderateAbove = above;
      return this;
    }

    /**
     * Failures in the window needed before the run pauses to classify.
     *
     * @throws IllegalArgumentException if {@code failures < 1}
     */
    public Builder minFailures(int failures) {
      this.minFailures = Checks.atLeastOne(failures, "minimum failures");
      return this;
    }

    /**
     * What makes failures systematic: one cause has at least {@code share} of them and the last
     * {@code streak} finished attempts all failed with it.
     *
     * @throws IllegalArgumentException if {@code share} is not within (0, 1] or {@code streak < 1}
     */
    public Builder systematic(double share, int streak) {
      this.systematicShare = Checks.share(share, "systematic share");
      this.systematicStreak = Checks.atLeastOne(streak, "systematic streak", "attempt");
      return this;
    }

    /**
     * The longest a paused run waits for its running attempts to finish before it classifies.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder analysisGrace(Duration grace) {
      this.analysisGrace = Checks.notNegative(grace, "analysis grace");
      return this;
    }

    /** Whether a systematic abort rolls back with the compensations (default true). */
    public Builder rollback(boolean rollback) {
      this.rollback = rollback;
      return this;
    }

    /**
     * The longest one compensation may run during a rollback; then it is interrupted and the
     * rollback goes on with the next.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder compensationTimeout(Duration timeout) {
      this.compensationTimeout = Checks.positive(timeout, "compensation timeout");
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
      this.improvementRequired = Checks.share(share, "improvement required");
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalStateException if the minimum sample exceeds the window, or the reduce-at rate
     *     exceeds the fallback-at rate
     */
    public FailureAdaptation build() {
      if (minSample > window) {
        throw new IllegalStateException(
            "minimum sample (" + minSample + ") cannot exceed the failure window (" + window + ")");
      }
      if (reduceAt > fallbackAt) {
        throw new IllegalStateException(
            "reduce-at rate (" + reduceAt + ") cannot exceed the fallback-at rate (" + fallbackAt + ")");
      }
      return new FailureAdaptation(this);
    }
  }
}
