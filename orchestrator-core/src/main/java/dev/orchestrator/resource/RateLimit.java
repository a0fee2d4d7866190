package dev.orchestrator.resource;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests a rate-limited service accepts per period, as its owner publishes it: {@code
 * "github-api"} accepts 5,000 requests per hour.
 *
 * <pre>{@code
 * RateLimit github = RateLimit.parse("5000/h");     // or RateLimit.of(5_000, Duration.ofHours(1))
 * double perSecond = github.perSecond();            // 1.39
 * }</pre>
 *
 * @param permits requests allowed per period, at least 1
 * @param per the period, positive
 */
public record RateLimit(long permits, Duration per) {

  private static final Pattern TEXT =
      Pattern.compile("\\s*([0-9][0-9_,]*)\\s*/\\s*([0-9]*)\\s*([a-z]+)\\s*");

  /**
   * @throws NullPointerException if {@code per} is null
   * @throws IllegalArgumentException if {@code permits < 1} or {@code per} is not positive
   */
  public RateLimit {
    Objects.requireNonNull(per, "rate limit period cannot be null");
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit permits must be >= 1: " + permits);
    }
    if (per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("rate limit period must be positive: " + per);
    }
  }

  /** {@code permits} requests per {@code per}. */
  public static RateLimit of(long permits, Duration per) {
    return new RateLimit(permits, per);
  }

  /**
   * Parses {@code "5000/h"}, {@code "600/min"}, {@code "10/s"}, {@code "100/15min"}, {@code
   * "86400/day"}. Units: {@code s}, {@code sec}, {@code second}, {@code m}, {@code min}, {@code
   * minute}, {@code h}, {@code hour}, {@code d}, {@code day} (plurals too) and {@code ms}.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is not of that form, naming it
   */
  public static RateLimit parse(String text) {
    Objects.requireNonNull(text, "rate limit text cannot be null");
    Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "rate limit '" + text + "' must look like 5000/h, 600/min or 10/s");
    }
    long permits;
    try {
      permits = Long.parseLong(m.group(1).replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rate limit '" + text + "': permits too large", e);
    }
    long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
    Duration unit = switch (m.group(3)) {
      case "ms", "millis" -> Duration.ofMillis(1);
      case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(1);
      case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(1);
      case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(1);
      case "d", "day", "days" -> Duration.ofDays(1);
      default -> throw new IllegalArgumentException(
          "rate limit '" + text + "': unknown unit '" + m.group(3) + "'; use s, min, h or day");
    };
    if (count < 1) {
      throw new IllegalArgumentException("rate limit '" + text + "': period must be positive");
    }
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit '" + text + "': permits must be >= 1");
    }
    return new RateLimit(permits, unit.multipliedBy(count));
  }

  /** The sustained rate in requests per second. */
  public double perSecond() {
    return permits / (per.toNanos() / 1e9);
  }

  /** {@code "5000/h"}: the form {@link #parse(String)} reads. */
  @Override
  public String toString() {
    long seconds = per.getSeconds();
    String unit;
    if (per.getNano() != 0) {
      unit = per.toMillis() + "ms";
    } else if (seconds % 86_400 == 0) {
      unit = (seconds == 86_400 ? "" : seconds / 86_400) + "day";
    } else if (seconds % 3_600 == 0) {
      unit = (seconds == 3_600 ? "" : seconds / 3_600) + "h";
    } else if (seconds % 60 == 0) {
      unit = (seconds == 60 ? "" : seconds / 60) + "min";
    } else {
      unit = (seconds == 1 ? "" : seconds) + "s";
    }
    return permits + "/" + unit;
  }
}
