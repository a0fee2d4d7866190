package dev.orchestrator.internal;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations as people read them in explanations and dashboards. */
public final class Format {

  private Format() {}

  /** {@code 10000 -> "10,000"}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 1234.5 -> "1,234.5"}; one decimal, grouped. */
  public static String decimal(double x) {
    if (Double.isInfinite(x)) {
      return x > 0 ? "∞" : "-∞";
    }
    if (Double.isNaN(x)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,.1f", x);
  }

  /** {@code 0.8765 -> "87.7 %"}. */
  public static String percent(double fraction) {
    if (Double.isNaN(fraction) || Double.isInfinite(fraction)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
  }

  /** A duration in its most readable unit: {@code 350 ms}, {@code 2.5 s}, {@code 3 min}, {@code 20.8 days}. */
  public static String duration(Duration d) {
    return nanos(d.toNanos());
  }

  /** Like {@link #duration(Duration)}, from nanoseconds. */
  public static String nanos(long nanos) {
    double ns = nanos;
    if (nanos < 0) {
      return "-" + nanos(-nanos);
    }
    if (nanos == 0) {
      return "0 s";
    }
    if (ns < 1_000) {
      return nanos + " ns";
    }
    if (ns < 1_000_000) {
      return trim(ns / 1_000) + " µs";
    }
    if (ns < 1_000_000_000) {
      return trim(ns / 1_000_000) + " ms";
    }
    double s = ns / 1e9;
    if (s < 60) {
      return trim(s) + " s";
    }
    if (s < 3600) {
      return trim(s / 60) + " min";
    }
    if (s < 48 * 3600) {
      return trim(s / 3600) + " h";
    }
    return trim(s / 86400) + " days";
  }

  private static String trim(double x) {
    String text = x >= 100 ? String.format(Locale.ROOT, "%,.0f", x)
        : String.format(Locale.ROOT, "%.1f", x);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  /** A name without its trailing item number: {@code "deploy-17" -> "deploy"}. */
  public static String stem(String name) {
    int end = name.length();
    while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    if (end == name.length()) {
      return name;
    }
    while (end > 0 && "-_#/[ .".indexOf(name.charAt(end - 1)) >= 0) {
      end--;
    }
    return end == 0 ? name : name.substring(0, end);
  }
}
