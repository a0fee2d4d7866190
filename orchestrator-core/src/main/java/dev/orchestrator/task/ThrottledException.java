package dev.orchestrator.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task throws when the resource it called said "slow down": an HTTP 429 or 503 with {@code
 * Retry-After}, a provider's rate-limit error. It is a signal, not a failure: the attempt does not
 * count against the task's {@link RetryPolicy}, the run's failure supervisor does not see it, and
 * it never triggers a rollback. The task goes back to the ready queue, the limits it uses pause
 * for {@link #retryAfter()} (or a backoff when the server gave no wait), and an adaptive limit
 * lowers itself.
 *
 * <pre>{@code
 * HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
 * if (response.statusCode() == 429) {
 *   throw new ThrottledException("items-api answered 429",
 *       Duration.ofSeconds(response.headers().firstValueAsLong("Retry-After").orElse(1)));
 * }
 * }</pre>
 */
public class ThrottledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter; // null when the resource gave no wait

  /**
   * A throttle with the wait the resource asked for.
   *
   * @throws NullPointerException if {@code retryAfter} is null
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public ThrottledException(String message, Duration retryAfter) {
    super(message);
    Objects.requireNonNull(retryAfter, "retry after cannot be null");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retry after cannot be negative: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** A throttle without a wait: the run backs off on its own. */
  public ThrottledException(String message) {
    super(message);
    this.retryAfter = null;
  }

  /** How long the resource asked callers to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
