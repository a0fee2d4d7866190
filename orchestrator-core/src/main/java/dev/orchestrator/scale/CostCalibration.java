package dev.orchestrator.scale;

import com.google.common.util.concurrent.Uninterruptibles;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Measures the cost model's figures for a virtual-thread agent, once per JVM ({@link
 * CostModel#measured()}), off the scaler's hot path.
 *
 * <ul>
 *   <li>Start-up {@code s}: start {@value #AGENTS} virtual threads that each signal "ready" and park
 *       waiting for work, as a pool's agent does; {@code s} = time until all are ready ÷ agents.
 *   <li>Dispatch {@code d}: hand {@value #TASKS} tasks one by one through a blocking queue to one
 *       agent that runs them; {@code d} = time until the last ran ÷ tasks.
 *   <li>Contention {@code κ}: the same hand-off to {@code C} agents (C = available processors):
 *       {@code κ = max(0, (d_C ÷ d_1 − 1) ÷ (C − 1))}; 0 with one processor.
 * </ul>
 *
 * <p>Each figure is the median of {@value #ROUNDS} rounds after a warm-up round, so one slow round
 * (a GC, a neighbour on a shared machine) does not set it.
 */
final class CostCalibration {

  static final int AGENTS = 1_000;
  static final int TASKS = 20_000;
  static final int ROUNDS = 5;
  private static final Runnable STOP = () -> { };

  private CostCalibration() {}

  record Result(Duration agentStartup, String startupSource, Duration taskDispatch,
      String dispatchSource, double contention, int contenders, String contentionSource) {}

  static Result virtualThreadAgent() {
    long started = System.nanoTime();
    startupRound(AGENTS / 4);
    double startup = median(ROUNDS, () -> startupRound(AGENTS));
    dispatchRound(1, TASKS / 4);
    double dispatch = median(ROUNDS, () -> dispatchRound(1, TASKS));
    int cores = Runtime.getRuntime().availableProcessors();
    double contention = 0;
    String contentionSource = "measured: one processor, so no agents compete for the queue";
    if (cores > 1) {
      double shared = median(ROUNDS, () -> dispatchRound(cores, TASKS));
      contention = Math.max(0, (shared / dispatch - 1) / (cores - 1));
      contentionSource = String.format(Locale.ROOT,
          "measured: hand-off %.0f ns with %d agents vs %.0f ns with 1", shared, cores, dispatch);
    }
    long took = (System.nanoTime() - started) / 1_000_000;
    return new Result(
        Duration.ofNanos(Math.max(1, Math.round(startup))),
        String.format(Locale.ROOT, "measured: median of %d rounds starting %,d virtual-thread"
            + " agents (calibration took %d ms)", ROUNDS, AGENTS, took),
        Duration.ofNanos(Math.max(1, Math.round(dispatch))),
        String.format(Locale.ROOT, "measured: median of %d rounds handing %,d tasks through a"
            + " blocking queue to one agent", ROUNDS, TASKS),
        contention, cores, contentionSource);
  }

  /** Nanoseconds per agent to start {@code agents} parked virtual-thread agents. */
  static double startupRound(int agents) {
    CountDownLatch ready = new CountDownLatch(agents);
    CountDownLatch stop = new CountDownLatch(1);
    Thread[] threads = new Thread[agents];
    Thread.Builder builder = Thread.ofVirtual().name("orchestrator-calibration-", 0);
    long start = System.nanoTime();
    for (int i = 0; i < agents; i++) {
      threads[i] = builder.start(() -> {
        ready.countDown();
        Uninterruptibles.awaitUninterruptibly(stop);
      });
    }
    Uninterruptibles.awaitUninterruptibly(ready);
    long elapsed = System.nanoTime() - start;
    stop.countDown();
    for (Thread thread : threads) {
      Uninterruptibles.joinUninterruptibly(thread);
    }
    return (double) elapsed / agents;
  }

  /** Nanoseconds per task to hand {@code tasks} tasks to {@code agents} agents. */
  static double dispatchRound(int agents, int tasks) {
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    CountDownLatch done = new CountDownLatch(tasks);
    Runnable task = done::countDown;
    Thread[] threads = new Thread[agents];
    Thread.Builder builder = Thread.ofVirtual().name("orchestrator-calibration-", 0);
    for (int i = 0; i < agents; i++) {
      threads[i] = builder.start(() -> {
        while (true) {
          Runnable next = Uninterruptibles.takeUninterruptibly(queue);
          if (next == STOP) {
            return;
          }
          next.run();
        }
      });
    }
    long start = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      queue.add(task);
    }
    Uninterruptibles.awaitUninterruptibly(done);
    long elapsed = System.nanoTime() - start;
    for (int i = 0; i < agents; i++) {
      queue.add(STOP);
    }
    for (Thread thread : threads) {
      Uninterruptibles.joinUninterruptibly(thread);
    }
    return (double) elapsed / tasks;
  }

  private static double median(int rounds, java.util.function.DoubleSupplier round) {
    double[] values = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      values[i] = round.getAsDouble();
    }
    Arrays.sort(values);
    return values[rounds / 2];
  }
}
