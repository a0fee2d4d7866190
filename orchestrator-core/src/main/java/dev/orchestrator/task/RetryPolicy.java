package dev.orchestrator.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a failed task is tried again.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .backoff(Duration.ofMillis(200), Duration.ofSeconds(10))  // 200 ms, 400 ms, 800 ms ... 10 s
 *     .jitter(0.25)                                             // +-25 % of each delay
 *     .abortOn(IllegalArgumentException.class::isInstance)      // a bad input never heals
 *     .build();
 *
 * RetryPolicy api = RetryPolicy.builder()
 *     .maxAttempts(3)
 *     .throttleOn(e -> e instanceof HttpStatusException h && h.status() == 429) // a throttle, not a failure
 *     .delayFrom(e -> e instanceof HttpStatusException h ? h.retryAfter() : null) // the server's wait
 *     .build();
 * }</pre>
 *
 * <p>A {@link ThrottledException} (anywhere in the failure's cause chain) and any failure {@link
 * Builder#throttleOn matched as a throttle} is not a failed attempt: it costs no attempt, and the
 * run pauses the task's limits instead (see {@link ThrottledException}).
 *
 * <p>Attempt {@code k} (1-based) that failed is followed by attempt {@code k + 1} after
 * {@code min(maxDelay, delay * multiplier^(k-1))}, moved by a random {@code +-jitter} share of
 * itself. A task waiting out its delay holds no agent. Instances are immutable and thread-safe.
 */
public final class RetryPolicy {

  /** Attempts when none are set: one, so no retry. */
  public static final int DEFAULT_MAX_ATTEMPTS = 1;
  /** Delay before the first retry when none is set. */
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(100);
  /** Longest delay when none is set. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);
  /** Growth of the delay from one retry to the next when none is set. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  private static final RetryPolicy NONE = builder().build();

  private final int maxAttempts;
  private final Duration delay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final Predicate<Throwable> retryOn;
  private final Predicate<Throwable> abortOn;
  private final Predicate<Throwable> throttleOn;
  private final Function<? super Throwable, Duration> delayFrom;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.delay = builder.delay;
    this.maxDelay = builder.maxDelay;
    this.multiplier = builder.multiplier;
    this.jitter = builder.jitter;
    this.retryOn = builder.retryOn;
    this.abortOn = builder.abortOn;
    this.throttleOn = builder.throttleOn;
    this.delayFrom = builder.delayFrom;
  }

  /** One attempt, no retry: the default of every task. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Up to {@code maxAttempts} attempts with a delay that doubles from {@code initialDelay} (up to
   * {@link #DEFAULT_MAX_DELAY}) and 20 % jitter.
   *
   * @throws IllegalArgumentException if {@code maxAttempts < 1} or {@code initialDelay} is negative
   */
  public static RetryPolicy exponential(int maxAttempts, Duration initialDelay) {
    Objects.requireNonNull(initialDelay, "delay cannot be null");
    Duration max = initialDelay.compareTo(DEFAULT_MAX_DELAY) > 0 ? initialDelay : DEFAULT_MAX_DELAY;
    return builder().maxAttempts(maxAttempts).backoff(initialDelay, max).jitter(0.2).build();
  }

  /** A builder starting from the defaults (one attempt). */
  public static Builder builder() {
    return new Builder();
  }

  /** The most attempts a task gets, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The delay before the first retry. */
  public Duration delay() {
    return delay;
  }

  /** The longest delay between two attempts. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The growth of the delay from one retry to the next. */
  public double multiplier() {
    return multiplier;
  }

  /** The random share (0 to 1) by which each delay may move up or down. */
  public double jitter() {
    return jitter;
  }

  /**
   * Whether a task whose attempt number {@code attempt} failed with {@code failure} gets another
   * attempt: attempts remain, the failure is not one to abort on, and it is one to retry on.
   *
   * @param attempt the 1-based number of the attempt that failed
   * @param failure what it failed with
   */
  public boolean shouldRetry(int attempt, Throwable failure) {
    return attempt < maxAttempts && !abortOn.test(failure) && retryOn.test(failure);
  }

  /**
   * The delay after failed attempt number {@code attempt} (1-based), jitter applied.
   *
   * @param attempt the attempt that failed, at least 1
   * @param random the source of jitter
   */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
    }
    // In double nanoseconds: Duration.toNanos() overflows past 292 years, and the fuzz tests give
    // such delays; the result is capped far below that anyway.
    double nanos = nanos(delay) * Math.pow(multiplier, attempt - 1);
    nanos = Math.min(nanos, nanos(maxDelay));
    if (jitter > 0 && nanos > 0) {
      nanos += nanos * jitter * (2 * random.nextDouble() - 1);
    }
    return Duration.ofNanos(Math.max(0, Math.round(Math.min(nanos, Long.MAX_VALUE / 2.0))));
  }

  /**
   * The delay after failed attempt number {@code attempt}: what {@link Builder#delayFrom} computes
   * from {@code failure} when it gives a delay (used as it is: no jitter, no cap), else {@link
   * #delayAfter(int, RandomGenerator)}.
   *
   * @param attempt the attempt that failed, at least 1
   * @param failure what it failed with
   * @param random the source of jitter
   */
  public Duration delayAfter(int attempt, Throwable failure, RandomGenerator random) {
    return delayFrom(failure).orElseGet(() -> delayAfter(attempt, random));
  }

  /**
   * Whether {@code failure} means the resource throttled the task rather than the task failing:
   * a {@link ThrottledException} is in its cause chain, or it matches {@link Builder#throttleOn}.
   */
  public boolean isThrottle(Throwable failure) {
    return throttle(failure) != null || failure != null && throttleOn.test(failure);
  }

  /**
   * How long the resource asked to wait after the throttle {@code failure}: the {@link
   * ThrottledException}'s {@code retryAfter}, else what {@link Builder#delayFrom} computes; empty
   * when neither says (the run backs off on its own).
   */
  public Optional<Duration> throttleWait(Throwable failure) {
    ThrottledException throttle = throttle(failure);
    if (throttle != null && throttle.retryAfter().isPresent()) {
      return throttle.retryAfter();
    }
    return delayFrom(failure);
  }

  private Optional<Duration> delayFrom(Throwable failure) {
    Duration computed = failure == null ? null : delayFrom.apply(failure);
    return computed == null || computed.isNegative() ? Optional.empty() : Optional.of(computed);
  }

  private static ThrottledException throttle(Throwable failure) {
    // Bounded: a cause chain may loop.
    for (int depth = 0; failure != null && depth < 16; depth++, failure = failure.getCause()) {
      if (failure instanceof ThrottledException t) {
        return t;
      }
    }
    return null;
  }

  private static double nanos(Duration d) {
    return d.getSeconds() * 1e9 + d.getNano();
  }

  @Override
  public String toString() {
    if (maxAttempts == 1) {
      return "RetryPolicy[no retry]";
    }
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", delay=" + delay + ", maxDelay=" + maxDelay
        + ", multiplier=" + multiplier + ", jitter=" + jitter + "]";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe; {@link #build()} copies its state. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration delay = DEFAULT_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private double jitter;
    private Predicate<Throwable> retryOn = failure -> true;
    private Predicate<Throwable> abortOn = failure -> false;
    private Predicate<Throwable> throttleOn = failure -> false;
    private Function<? super Throwable, Duration> delayFrom = failure -> null;

    private Builder() {}

    /**
     * The most attempts, the first included.
     *
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("max attempts must be >= 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * A fixed delay between attempts (multiplier 1).
     *
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder delay(Duration delay) {
      this.delay = nonNegative(delay, "delay");
      this.maxDelay = delay;
      this.multiplier = 1.0;
      return this;
    }

    /**
     * An exponential backoff: {@code delay}, then twice that, ... up to {@code maxDelay}.
     *
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if either is negative or {@code maxDelay < delay}
     */
    public Builder backoff(Duration delay, Duration maxDelay) {
      nonNegative(delay, "delay");
      nonNegative(maxDelay, "max delay");
      if (maxDelay.compareTo(delay) < 0) {
        throw new IllegalArgumentException(
            "max delay must be >= the delay: max delay " + maxDelay + ", delay " + delay);
      }
      this.delay = delay;
      this.maxDelay = maxDelay;
      if (multiplier == 1.0) {
        multiplier = DEFAULT_MULTIPLIER;
      }
      return this;
    }

    /**
     * The growth of the delay from one retry to the next.
     *
     * @throws IllegalArgumentException if {@code multiplier} is below 1 or not finite
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be >= 1 and finite: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * The random share by which each delay moves up or down, so that many tasks failing together do
     * not retry together.
     *
     * @throws IllegalArgumentException if {@code jitter} is not within [0, 1]
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be within [0, 1]: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Retries only failures that match (default: all).
     *
     * @throws NullPointerException if {@code retryOn} is null
     */
    public Builder retryOn(Predicate<Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn predicate cannot be null");
      return this;
    }

    /**
     * Never retries failures that match (default: none), whatever {@link #retryOn} says.
     *
     * @throws NullPointerException if {@code abortOn} is null
     */
    public Builder abortOn(Predicate<Throwable> abortOn) {
      this.abortOn = Objects.requireNonNull(abortOn, "abortOn predicate cannot be null");
      return this;
    }

    /**
     * Failures that mean "slow down" rather than "failed" (an HTTP client's 429 exception, a
     * provider's rate-limit error), besides {@link ThrottledException} which always does: they
     * cost no attempt and pause the task's limits (default: none).
     *
     * @throws NullPointerException if {@code throttleOn} is null
     */
    public Builder throttleOn(Predicate<Throwable> throttleOn) {
      this.throttleOn = Objects.requireNonNull(throttleOn, "throttleOn predicate cannot be null");
      return this;
    }

    /**
     * Computes the delay from the failure (a {@code Retry-After} the exception carries): when the
     * function returns a delay, the next attempt (or, for a throttle, the pause) waits exactly that;
     * when it returns null (or a negative delay), the backoff applies (default: always null).
     *
     * @throws NullPointerException if {@code delayFrom} is null
     */
    public Builder delayFrom(Function<? super Throwable, Duration> delayFrom) {
      this.delayFrom = Objects.requireNonNull(delayFrom, "delay function cannot be null");
      return this;
    }

    /** The policy; later changes to this builder do not affect it. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration value, String setting) {
      Objects.requireNonNull(value, setting + " cannot be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(setting + " cannot be negative: " + value);
      }
      return value;
    }
  }
}
