package dev.orchestrator.resource;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one named {@link Limit} did in a run (or a simulation): permits used against its rate, tasks
 * in flight against its cap, time tasks waited for it, throttles received, and an adaptive limit's
 * value over time. Part of the run's report and its dashboard.
 *
 * @param name the limit's name
 * @param limit the limit as configured ({@link Limit#toString()})
 * @param permits permits taken by the tasks that started under it
 * @param starts attempts it admitted
 * @param span from the first admission to the last
 * @param maxInFlight the most tasks that held it at once
 * @param cap its cap at the end ({@link Integer#MAX_VALUE} when none; an adaptive limit's
 *     concurrency at the end)
 * @param rate its rate at the end in permits per second (an adaptive limit's learnt rate, infinite
 *     while none is learnt; NaN when it has no rate)
 * @param waited the time tasks spent ready but held back by it, summed
 * @param tasksWaited attempts that were held back by it at least once
 * @param throttles throttles received by tasks that used it
 * @param adaptive an adaptive limit's value over time (empty for the others)
 */
public record LimitUsage(String name, String limit, long permits, long starts, Duration span,
    int maxInFlight, int cap, double rate, Duration waited, long tasksWaited, long throttles,
    List<Sample> adaptive) {

  public LimitUsage {
    Objects.requireNonNull(name, "name cannot be null");
    Objects.requireNonNull(limit, "limit cannot be null");
    Objects.requireNonNull(span, "span cannot be null");
    Objects.requireNonNull(waited, "waited cannot be null");
    adaptive = List.copyOf(adaptive);
  }

  /** Permits taken per second from the first admission to the last; 0 with fewer than two. */
  public double permitsPerSecond() {
    double seconds = span.toNanos() / 1e9;
    return seconds > 0 ? permits / seconds : 0;
  }

  /**
   * An adaptive limit's value at one moment.
   *
   * @param at time since the run started
   * @param concurrency its concurrency then
   * @param rate its rate then, permits per second (infinite while none is learnt)
   */
  public record Sample(Duration at, int concurrency, double rate) {
    public Sample {
      Objects.requireNonNull(at, "time cannot be null");
    }
  }
}
