package dev.orchestrator.examples.scenarios;

import java.time.Duration;
import java.util.Locale;

/** Short human-readable durations for the scenarios' output: {@code 850 ms}, {@code 3.4 s}, {@code 2.1 min}. */
final class Durations {

  private Durations() {}

  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos < 10_000_000L) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    if (nanos < 1_000_000_000L) {
      return String.format(Locale.ROOT, "%d ms", Math.round(nanos / 1e6));
    }
    if (nanos < 120_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
    return String.format(Locale.ROOT, "%.1f min", nanos / 6e10);
  }
}
