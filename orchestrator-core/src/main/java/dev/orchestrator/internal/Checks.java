package dev.orchestrator.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks that builders in several packages share, so that a setting two builders both
 * take ({@code Plan} and {@code Workflow}: name, concurrency limit, default estimate; {@code
 * ResourceSnapshot} and {@code Capacity}: cores, disk IOPS, bandwidth, rate limits; the agent
 * count, durations and shares of the run's and the scaler's settings) fails with the same words in
 * each. The caller names the setting, this class adds the rest of the message: {@code
 * atLeastOne(0, "concurrency limit")} throws {@code "concurrency limit must be >= 1: 0"}. Tests
 * assert these messages exactly, so their wording must not change here.
 *
 * <p>Each check returns its argument ({@link #entryName} strips it), for {@code this.limit =
 * Checks.atLeastOne(limit, ...)}. A null argument throws {@code NullPointerException}, any other
 * bad one {@code IllegalArgumentException}.
 */
public final class Checks {

  private Checks() {}

  /** A name: {@code "<setting> cannot be null"} (NPE), {@code "<setting> cannot be blank"}. */
  public static String name(String name, String setting) {
    Objects.requireNonNull(name, setting + " cannot be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException(setting + " cannot be blank");
    }
    return name;
  }

  /**
   * The name of one entry of a named setting (a rate limit), stripped: {@code "<setting> name cannot
   * be null"}, {@code "<setting> '<name>' cannot be null"} for a null value, {@code "<setting> name
   * cannot be blank"}. A blank name with a null value fails on the value, as it always did.
   */
  public static String entryName(String name, Object value, String setting) {
    Objects.requireNonNull(name, setting + " name cannot be null");
    Objects.requireNonNull(value, () -> setting + " '" + name + "' cannot be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException(setting + " name cannot be blank");
    }
    return name.strip();
  }

  /** A count of at least one: {@code "<setting> must be >= 1: <value>"}. */
  public static int atLeastOne(int value, String setting) {
    if (value < 1) {
      throw new IllegalArgumentException(setting + " must be >= 1: " + value);
    }
    return value;
  }

  /** A count of at least one thing: {@code "<setting> must be >= 1 <unit>: <value>"}. */
  public static int atLeastOne(int value, String setting, String unit) {
    if (value < 1) {
      throw new IllegalArgumentException(setting + " must be >= 1 " + unit + ": " + value);
    }
    return value;
  }

  /** An amount of at least one unit: {@code "<setting> must be > 0 <unit>: <value>"}. */
  public static long positive(long value, String setting, String unit) {
    if (value < 1) {
      throw new IllegalArgumentException(setting + " must be > 0 " + unit + ": " + value);
    }
    return value;
  }

  /** A positive finite number: {@code "<setting> must be a positive number: <value>"}. */
  public static double positiveNumber(double value, String setting) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(setting + " must be a positive number: " + value);
    }
    return value;
  }

  /** A share within (0, 1]: {@code "<setting> must be within (0, 1]: <value>"}. */
  public static double share(double value, String setting) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(setting + " must be within (0, 1]: " + value);
    }
    return value;
  }

  /** A factor within (0, 1): {@code "<setting> must be within (0, 1): <value>"}. */
  public static double factor(double value, String setting) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(setting + " must be within (0, 1): " + value);
    }
    return value;
  }

  /**
   * A duration of zero or more: {@code "<setting> cannot be null"} (NPE), {@code "<setting> cannot
   * be negative: <value>"}.
   */
  public static Duration notNegative(Duration value, String setting) {
    Objects.requireNonNull(value, setting + " cannot be null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(setting + " cannot be negative: " + value);
    }
    return value;
  }

  /**
   * A duration above zero: {@code "<setting> cannot be null"} (NPE), {@code "<setting> must be
   * positive: <value>"}.
   */
  public static Duration positive(Duration value, String setting) {
    Objects.requireNonNull(value, setting + " cannot be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive: " + value);
    }
    return value;
  }

  /**
   * A duration of at least {@code min} (a whole number of milliseconds): {@code "<setting> cannot be
   * null"} (NPE), {@code "<setting> must be at least <min> ms: <value>"}.
   */
  public static Duration atLeast(Duration value, Duration min, String setting) {
    Objects.requireNonNull(value, setting + " cannot be null");
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(setting + " must be at least " + min.toMillis() + " ms: " + value);
    }
    return value;
  }
}
