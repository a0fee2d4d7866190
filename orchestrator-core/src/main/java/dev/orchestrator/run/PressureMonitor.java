package dev.orchestrator.run;

import dev.orchestrator.resource.Resource;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The decisions of the resource monitor, one sample at a time (see {@link ResourcePressure}): shrink
 * the pool when a watched resource is above the high-water mark, grow it back one step after enough
 * calm samples below the low-water mark, and hold in between. Pure: it is driven by the samples it
 * is given, so tests script them and need no clock.
 *
 * <p>Not thread-safe: the run calls it under its lock.
 */
final class PressureMonitor {

  /** What the monitor may do to its run; called under the run's lock. */
  interface Control {
    /** The pool size in force now. */
    int poolSize();

    /** The agents alive now (more than the pool size while busy ones have yet to retire). */
    int liveAgents();

    /** The pool size asked for by the user or the scaler: growing back stops there. */
    int requestedPool();

    /** Caps the pool for pressure ({@link Integer#MAX_VALUE} lifts the cap). */
    void limitPool(int agents, String reason);

    /** A resource went above the high-water mark. */
    void alert(Resource resource, double utilization, String message);
  }

  private final ResourcePressure settings;
  private final Control control;
  private final Set<Resource> pressed = EnumSet.noneOf(Resource.class); // above high water now
  private int cap = Integer.MAX_VALUE;
  private int calm;

  PressureMonitor(ResourcePressure settings, Control control) {
    this.settings = settings;
    this.control = control;
  }

  /** The cap in force, or {@link Integer#MAX_VALUE}. */
  int cap() {
    return cap;
  }

  /** One sample: the share in use of each resource measured (absent ones were not). */
  void sample(Map<Resource, Double> utilization) {
    Resource worst = null;
    double worstShare = -1;
    boolean over = false;
    boolean allCalm = true;
    boolean any = false;
    for (Resource r : settings.resources()) {
      Double share = utilization.get(r);
      if (share == null) {
        continue;
      }
      any = true;
      if (share > worstShare) {
        worst = r;
        worstShare = share;
      }
      if (share > settings.highWater()) {
        over = true;
        if (pressed.add(r)) {
          control.alert(r, share, String.format(Locale.ROOT,
              "%s at %.0f %%, above the %.0f %% high-water mark", r.label(), 100 * share,
              100 * settings.highWater()));
        }
      } else {
        pressed.remove(r);
      }
      if (share >= settings.lowWater()) {
        allCalm = false;
      }
    }
    if (!any) {
      return; // nothing measured: no evidence either way
    }
    if (over) {
      calm = 0;
      int pool = control.poolSize();
      if (control.liveAgents() > pool) {
        return; // the last shrink has not taken effect yet: busy agents still have to retire
      }
      int to = Math.max(1, (int) (pool * settings.shrinkFactor()));
      if (to < pool) {
        cap = to;
        control.limitPool(to, String.format(Locale.ROOT,
            "resource pressure: %s at %.0f %% is above %.0f %%: shrinking the pool by %.0f %%",
            worst.label(), 100 * worstShare, 100 * settings.highWater(),
            100 * (1 - settings.shrinkFactor())));
      }
    } else if (allCalm) {
      if (cap == Integer.MAX_VALUE || ++calm < settings.calmSamples()) {
        return;
      }
      calm = 0;
      int to = (int) Math.ceil(cap / settings.shrinkFactor());
      if (to <= cap) {
        to = cap + 1;
      }
      String reason = String.format(Locale.ROOT, "resource pressure cleared: every resource below"
              + " %.0f %% for %d samples (the highest, %s, at %.0f %%): growing the pool back",
          100 * settings.lowWater(), settings.calmSamples(), worst.label(), 100 * worstShare);
      if (to >= control.requestedPool()) {
        cap = Integer.MAX_VALUE;
        control.limitPool(Integer.MAX_VALUE, reason);
      } else {
        cap = to;
        control.limitPool(to, reason);
      }
    } else {
      calm = 0; // between the marks: hold
    }
  }

}
