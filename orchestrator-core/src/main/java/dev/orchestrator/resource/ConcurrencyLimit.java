package dev.orchestrator.resource;

import java.util.OptionalInt;

/**
 * At most {@code max} tasks holding the limit at once, whatever their permits: the fleet of a
 * deployment ("at most 200 servers at once"), the seats of a licensed tool, a database's connection
 * pool. Made by {@link Limit#concurrency(int)}.
 *
 * @param max the most tasks at once, at least 1
 */
public record ConcurrencyLimit(int max) implements Limit {

  /** @throws IllegalArgumentException if {@code max < 1} */
  public ConcurrencyLimit {
    if (max < 1) {
      throw new IllegalArgumentException("concurrency limit must be >= 1: " + max);
    }
  }

  @Override
  public OptionalInt maxConcurrent() {
    return OptionalInt.of(max);
  }

  /** {@code "at most 200 at once"}. */
  @Override
  public String toString() {
    return "at most " + max + " at once";
  }
}
