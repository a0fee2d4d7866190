package dev.orchestrator.resource;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A limit on something tasks share — an API, a fleet of servers, a licence, a database. Give it a
 * name on the orchestrator and let tasks use it.
 *
 * <p><b>Status:</b> in this version limits are declared, validated and kept with the run options,
 * and their algorithms (token bucket, concurrency cap, adaptive limiter) exist, but the local
 * engine and the simulator do not enforce them yet (the cluster backend holds rate limits):
 * admission in the scheduling policy is the next step.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .limit("items-api", Limit.rate(300, Duration.ofSeconds(1)))              // 300 calls a second
 *     .limit("llm", Limit.rate(90_000, Duration.ofMinutes(1)).concurrency(50)) // tokens/min, 50 at once
 *     .limit("fleet", Limit.concurrency(200))                                  // 200 at once
 *     .limit("partner-api", Limit.adaptive())                                  // unknown: discovered
 *     .build();
 * workflow.forEach("fetch", items, (item, t) -> t.uses("items-api").run(ctx -> fetch(item)));
 * workflow.task("summarise", t -> t.uses("llm", 1_500).run(ctx -> summarise()));
 * }</pre>
 *
 * <p>A task that uses a limit starts only when the limit admits it (a rate counts the task's
 * permits, a concurrency cap counts the tasks holding the limit), and it holds no agent while it
 * waits: agents take other ready work meanwhile. A task that throws {@link
 * dev.orchestrator.task.ThrottledException} pauses the limits it uses for the server's wait.
 *
 * <p>Three kinds, all immutable values: {@link RateLimit} (a token bucket, optionally with a
 * concurrency cap), {@link ConcurrencyLimit}, and {@link AdaptiveLimit} (discovered at run time
 * from throttling and latency).
 */
public sealed interface Limit permits RateLimit, ConcurrencyLimit, AdaptiveLimit {

  /**
   * A rate: {@code permits} per {@code per}, as a token bucket. Chain {@link RateLimit#burst(long)}
   * and {@link RateLimit#concurrency(int)} to shape it.
   *
   * @throws NullPointerException if {@code per} is null
   * @throws IllegalArgumentException if {@code permits < 1} or {@code per} is not positive
   */
  static RateLimit rate(long permits, Duration per) {
    return RateLimit.of(permits, per);
  }

  /**
   * At most {@code max} tasks holding the limit at once.
   *
   * @throws IllegalArgumentException if {@code max < 1}
   */
  static ConcurrencyLimit concurrency(int max) {
    return new ConcurrencyLimit(max);
  }

  /**
   * A limit nobody has published: the run discovers a sustainable rate and concurrency from the
   * throttles ({@link dev.orchestrator.task.ThrottledException}) and latencies it sees, within
   * {@link AdaptiveLimit#bounds(int, int, int) bounds}.
   */
  static AdaptiveLimit adaptive() {
    return AdaptiveLimit.DEFAULT;
  }

  /**
   * The most tasks that may hold this limit at once, if capped ({@link AdaptiveLimit}: empty; its
   * cap moves between its bounds).
   */
  OptionalInt maxConcurrent();
}
