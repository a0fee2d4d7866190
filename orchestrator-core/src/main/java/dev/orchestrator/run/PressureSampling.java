package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.resource.Resource;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one run's {@link PressureMonitor}: every interval, the clock's shared scheduler starts a virtual
 * thread that asks the probe for the utilizations (which may take tens of milliseconds, so never on
 * the ticker or under the run's lock) and hands them to the monitor under the run's lock.
 */
final class PressureSampling {

  private static final Logger LOG = LoggerFactory.getLogger(PressureSampling.class);

  private final RunExecution run;
  private final ResourcePressure settings;
  private final PressureMonitor monitor;
  private final AtomicBoolean sampling = new AtomicBoolean();
  private volatile boolean probeFailed;
  private Scheduler.Timer ticks;

  private PressureSampling(RunExecution run, ResourcePressure settings) {
    this.run = run;
    this.settings = settings;
    this.monitor = new PressureMonitor(settings, new PressureMonitor.Control() {
      @Override
      public int poolSize() {
        return run.pool.target();
      }

      @Override
      public int liveAgents() {
        return run.pool.live();
      }

      @Override
      public int requestedPool() {
        return run.pool.requested();
      }

      @Override
      public void limitPool(int agents, String reason) {
        run.pool.cap(false, agents, reason);
      }

      @Override
      public void alert(Resource resource, double utilization, String message) {
        run.recorder.alert(new RunEvent.ResourceAlert(run.id, run.timeNow(), resource, utilization,
            message));
      }
    });
  }

  /** Starts sampling for a run, or returns null when the monitor is off. */
  static PressureSampling start(RunExecution run, ResourcePressure settings) {
    if (!settings.enabled()) {
      return null;
    }
    PressureSampling sampling = new PressureSampling(run, settings);
    long interval = settings.interval().toNanos();
    sampling.ticks = run.clock.sharedScheduler().repeat(sampling::tick, interval);
    return sampling;
  }

  /** Stops sampling (the run is over). */
  void stop() {
    ticks.cancel();
  }

  private void tick() {
    if (sampling.compareAndSet(false, true)) {
      Thread.ofVirtual().name("orchestrator-monitor-" + run.id).start(this::sample);
    }
  }

  private void sample() {
    try {
      // No capacity figure is wanted: only the utilizations the probe adds.
      Map<Resource, Double> shares = settings.probe().snapshot(EnumSet.noneOf(Resource.class))
          .utilizations();
      run.lock.lock();
      try {
        if (!run.over && !run.cancelRequested) {
          monitor.sample(shares);
        }
      } finally {
        run.lock.unlock();
      }
    } catch (RuntimeException e) {
      if (!probeFailed) {
        probeFailed = true;
        LOG.warn("{}: the resource probe failed; pressure is not monitored until it answers",
            run.id, e);
      }
    } finally {
      sampling.set(false);
    }
  }
}
