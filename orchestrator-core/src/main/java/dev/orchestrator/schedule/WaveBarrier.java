package dev.orchestrator.schedule;

import java.util.function.IntConsumer;

/**
 * The waves of a run ({@link WaveIndex}): reports when a wave's first task starts and its last ends,
 * and, in barrier modes ({@code WAVES}, {@code PIPELINE}), holds back the tasks of later waves until
 * every task of the waves before has ended. Spawned tasks belong to no wave and are never held.
 */
final class WaveBarrier {

  private final WaveIndex waves;
  private final boolean barriers;
  private final int n;
  private final Dispatcher.Events events;
  private final int[] remaining;
  private final boolean[] started;
  private int current;

  WaveBarrier(WaveIndex waves, boolean barriers, int n, Dispatcher.Events events) {
    this.waves = waves;
    this.barriers = barriers;
    this.n = n;
    this.events = events;
    this.remaining = new int[waves.count()];
    this.started = new boolean[waves.count()];
    for (int w = 0; w < waves.count(); w++) {
      remaining[w] = waves.size(w);
    }
  }

  /** Whether a task whose dependencies allow it may start, or waits behind the barrier. */
  boolean released(int t) {
    return !barriers || t >= n || waves.waveOf(t) <= current;
  }

  /** Task {@code t} started. */
  void started(int t) {
    if (t < n) {
      int w = waves.waveOf(t);
      if (!started[w]) {
        started[w] = true;
        events.waveStarted(w);
      }
    }
  }

  /**
   * Plan task {@code t} ended; when that finishes the current wave of a barrier mode, the next
   * waves open and {@code release} gets each of their tasks (the caller releases the HELD ones).
   */
  void ended(int t, IntConsumer release) {
    int w = waves.waveOf(t);
    if (--remaining[w] == 0) {
      if (started[w]) {
        events.waveFinished(w);
      }
      if (barriers && w == current) {
        advance(release);
      }
    }
  }

  private void advance(IntConsumer release) {
    while (current < waves.count() && remaining[current] == 0) {
      current++;
      if (current < waves.count()) {
        for (int k = 0, size = waves.size(current); k < size; k++) {
          release.accept(waves.task(current, k));
        }
      }
    }
  }

  WaveIndex waves() {
    return waves;
  }
}
