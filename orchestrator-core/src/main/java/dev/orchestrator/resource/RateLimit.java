package dev.orchestrator.resource;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests a rate-limited service accepts per period, as its owner publishes it: {@code
 * "github-api"} accepts 5,000 requests per hour. As a {@link Limit} it is a token bucket: a task
 * that uses it takes its permits when it starts; the bucket refills at {@code permits / per} and
 * holds at most {@link #burst()} permits, so that after idle time at most that many start at once.
 *
 * <pre>{@code
 * RateLimit github = RateLimit.parse("5000/h");     // or Limit.rate(5_000, Duration.ofHours(1))
 * double perSecond = github.perSecond();            // 1.39
 * Limit llm = Limit.rate(90_000, Duration.ofMinutes(1)).burst(10_000).concurrency(50);
 * }</pre>
 *
 * <p>The burst is 1 unless set: permits are paced evenly, one every {@code per / permits}, which
 * no server's own token bucket refuses. A task needing more permits than the burst starts when the
 * bucket is full and leaves it in debt, so the average rate still holds. Instances are immutable;
 * equal when permits, period, burst and concurrency cap are.
 */
public final class RateLimit implements Limit {

  /** The burst when none is set: permits are paced evenly. */
  public static final long DEFAULT_BURST = 1;

  private static final Pattern TEXT =
      Pattern.compile("\\s*([0-9][0-9_,]*)\\s*/\\s*([0-9]*)\\s*([a-z]+)\\s*");

  private final long permits;
  private final Duration per;
  private final long burst;
  private final int concurrency; // 0: no cap

  private RateLimit(long permits, Duration per, long burst, int concurrency) {
    Objects.requireNonNull(per, "rate limit period cannot be null");
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit permits must be >= 1: " + permits);
    }
    if (per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("rate limit period must be positive: " + per);
    }
    this.permits = permits;
    this.per = per;
    this.burst = burst;
    this.concurrency = concurrency;
  }

  /**
   * {@code permits} requests per {@code per}, burst 1, no concurrency cap.
   *
   * @throws NullPointerException if {@code per} is null
   * @throws IllegalArgumentException if {@code permits < 1} or {@code per} is not positive
   */
  public static RateLimit of(long permits, Duration per) {
    return new RateLimit(permits, per, DEFAULT_BURST, 0);
  }

  /** The permits allowed per period. */
  public long permits() {
    return permits;
  }

  /** The period. */
  public Duration per() {
    return per;
  }

  /** The most permits the bucket holds: how many may start at once after idle time. */
  public long burst() {
    return burst;
  }

  /**
   * This rate with a bucket of {@code burst} permits.
   *
   * @throws IllegalArgumentException if {@code burst < 1}
   */
  public RateLimit burst(long burst) {
    if (burst < 1) {
      throw new IllegalArgumentException("rate limit burst must be >= 1: " + burst);
    }
    return new RateLimit(permits, per, burst, concurrency);
  }

  /**
   * This rate with at most {@code max} tasks holding it at once (an LLM provider's tokens per
   * minute and concurrent requests: {@code Limit.rate(90_000, Duration.ofMinutes(1)).concurrency(50)}).
   *
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public RateLimit concurrency(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("concurrency limit must be >= 1: " + max);
    }
    return new RateLimit(permits, per, burst, max);
  }

  @Override
  public OptionalInt maxConcurrent() {
    return concurrency == 0 ? OptionalInt.empty() : OptionalInt.of(concurrency);
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
    return of(permits, unit.multipliedBy(count));
  }

  /** The sustained rate in requests per second. */
  public double perSecond() {
    return permits / (per.toNanos() / 1e9);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimit r && r.permits == permits && r.per.equals(per)
        && r.burst == burst && r.concurrency == concurrency;
  }

  @Override
  public int hashCode() {
    return Objects.hash(permits, per, burst, concurrency);
  }

  /**
   * {@code "5000/h"}: the form {@link #parse(String)} reads, followed by the burst and the cap
   * when set ({@code "90000/min, burst 10000, at most 50 at once"}).
   */
  @Override
  public String toString() {
    String rate = rateText();
    if (burst != DEFAULT_BURST) {
      rate += ", burst " + burst;
    }
    return concurrency == 0 ? rate : rate + ", at most " + concurrency + " at once";
  }

  private String rateText() {
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
