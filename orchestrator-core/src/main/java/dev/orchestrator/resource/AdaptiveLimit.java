package dev.orchestrator.resource;

import java.util.OptionalInt;

/**
 * A limit nobody has published, discovered while the run goes: its concurrency starts at {@code
 * initial} and moves between {@code min} and {@code max} with the latencies the tasks see (it
 * grows while latency stays near the lowest seen, shrinks when latency rises), and a rate is
 * learnt from the throttles they receive (each {@link dev.orchestrator.task.ThrottledException}
 * lowers it to 90 % of what the resource accepted, throttle-free time raises it again). {@code
 * docs/scaling-model.md} gives the algorithm and its constants. Made by {@link Limit#adaptive()}.
 *
 * <pre>{@code
 * Limit.adaptive()                       // start at 4 at once, between 1 and 512
 * Limit.adaptive().bounds(20, 5, 100)    // start at 20, never below 5 or above 100
 * }</pre>
 *
 * @param initial the concurrency to start with
 * @param min the lowest concurrency it may fall to, at least 1
 * @param max the highest it may grow to
 */
public record AdaptiveLimit(int initial, int min, int max) implements Limit {

  /** Concurrency at the start unless set otherwise. */
  public static final int DEFAULT_INITIAL = 4;
  /** The lowest concurrency unless set otherwise. */
  public static final int DEFAULT_MIN = 1;
  /** The highest concurrency unless set otherwise. */
  public static final int DEFAULT_MAX = 512;

  static final AdaptiveLimit DEFAULT = new AdaptiveLimit(DEFAULT_INITIAL, DEFAULT_MIN, DEFAULT_MAX);

  /** @throws IllegalArgumentException unless {@code 1 <= min <= initial <= max} */
  public AdaptiveLimit {
    if (min < 1 || initial < min || max < initial) {
      throw new IllegalArgumentException(
          "adaptive limit bounds must satisfy 1 <= min <= initial <= max: initial " + initial
              + ", min " + min + ", max " + max);
    }
  }

  /**
   * This limit with other bounds.
   *
   * @throws IllegalArgumentException unless {@code 1 <= min <= initial <= max}
   */
  public AdaptiveLimit bounds(int initial, int min, int max) {
    return new AdaptiveLimit(initial, min, max);
  }

  @Override
  public OptionalInt maxConcurrent() {
    return OptionalInt.empty();
  }

  /** {@code "adaptive (4 at once to start, 1..512)"}. */
  @Override
  public String toString() {
    return "adaptive (" + initial + " at once to start, " + min + ".." + max + ")";
  }
}
