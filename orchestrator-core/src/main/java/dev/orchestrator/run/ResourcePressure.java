package dev.orchestrator.run;

import dev.orchestrator.internal.Checks;
import dev.orchestrator.internal.SettingValues;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceProbe;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How a run reacts to resource pressure: a monitor samples the share of CPU, memory,
 * disk and network in use every {@link #interval()} through a {@link ResourceProbe}; when any
 * watched resource is above the high-water mark (90 %) it shrinks the pool by 30 %, and grows it
 * back one step (the inverse, {@code / 0.7}) once every watched resource has stayed below the
 * low-water mark (75 %) for {@link #calmSamples()} samples in a row. Between the marks it holds.
 *
 * <p>The gap between the marks and the run of calm samples are the hysteresis that keeps the pool
 * from oscillating; and a new shrink waits until the previous one has taken effect (busy agents
 * retire only after their task), so that a long task cannot make the pool collapse while its
 * pressure persists. Every shrink and growth is a {@code ScalingAdjustment} with its reason; a
 * resource crossing the high-water mark is a {@code ResourceAlert}.
 *
 * <p>CPU pressure is what <em>other</em> processes use (with the default probe): a run that keeps
 * every core busy with its own agents is not under pressure, while a competing process that takes
 * the cores shrinks the pool. Memory, disk and network count every user, this process included.
 *
 * <pre>{@code
 * Orchestrator.builder()
 *     .resourcePressure(ResourcePressure.builder().interval(Duration.ofSeconds(2)).build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourcePressure {

  /** How often the monitor samples. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** Above this share a resource is under pressure. */
  public static final double DEFAULT_HIGH_WATER = 0.90;
  /** Below this share (for every resource, for a while) the pressure has cleared. */
  public static final double DEFAULT_LOW_WATER = 0.75;
  /** The share of the pool kept when pressure shrinks it (shrink by 30 %). */
  public static final double DEFAULT_SHRINK_FACTOR = 0.7;
  /** Samples in a row below the low-water mark before the pool grows one step. */
  public static final int DEFAULT_CALM_SAMPLES = 3;

  private static final ResourcePressure DISABLED = builder().enabled(false).build();

  private final Values values;

  private ResourcePressure(Values values) {
    this.values = values;
  }

  /** The defaults: every resource, sampled every 5 seconds, 90 % / 75 %, shrink by 30 %. */
  public static ResourcePressure defaults() {
    return Defaults.INSTANCE;
  }

  /** No monitoring: the pool never changes for resource pressure. */
  public static ResourcePressure none() {
    return DISABLED;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values = values.copy();
    return b;
  }

  /** Whether the monitor runs at all. */
  public boolean enabled() {
    return values.enabled;
  }

  /** How often the monitor samples. */
  public Duration interval() {
    return values.interval;
  }

  /** Above this share a resource is under pressure. */
  public double highWater() {
    return values.highWater;
  }

  /** Below this share, for every watched resource, the pressure has cleared. */
  public double lowWater() {
    return values.lowWater;
  }

  /** The share of the pool kept when pressure shrinks it. */
  public double shrinkFactor() {
    return values.shrinkFactor;
  }

  /** Samples in a row below the low-water mark before the pool grows one step. */
  public int calmSamples() {
    return values.calmSamples;
  }

  /** The resources watched. */
  public Set<Resource> resources() {
    return java.util.Collections.unmodifiableSet(values.resources); // in enum order
  }

  /**
   * The probe the monitor samples through: as set, else {@code
   * ResourceProbe.withUtilization(ResourceProbe.oshi())}.
   */
  public ResourceProbe probe() {
    return values.probe != null ? values.probe : DefaultProbe.INSTANCE;
  }

  @Override
  public String toString() {
    if (!values.enabled) {
      return "ResourcePressure[disabled]";
    }
    return String.format(Locale.ROOT, "ResourcePressure[every %s, high %s, low %s, shrink to %s,"
        + " %d calm samples, %s]", values.interval, values.highWater, values.lowWater,
        values.shrinkFactor, values.calmSamples, values.resources);
  }

  private static final class Defaults {
    static final ResourcePressure INSTANCE = builder().build();
  }

  private static final class DefaultProbe {
    static final ResourceProbe INSTANCE = ResourceProbe.withUtilization(ResourceProbe.oshi());
  }

  /**
   * Builds {@link ResourcePressure}. Every setter checks its argument at once; the marks are
   * checked together by {@link #build()}. Not thread-safe; {@code build()} copies the state.
   */
  public static final class Builder {
    private Values values = new Values();

    private Builder() {}

    /** Turns the monitor on (the default) or off. */
    public Builder enabled(boolean enabled) {
      values.enabled = enabled;
      return this;
    }

    /**
     * How often the monitor samples.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder interval(Duration interval) {
      values.interval = Checks.positive(interval, "sample interval");
      return this;
    }

    /**
     * The high- and low-water marks, shares of a resource in use; {@code low < high} (checked by
     * {@link #build()}).
     *
     * @throws IllegalArgumentException if a mark is not within (0, 1]
     */
    public Builder marks(double high, double low) {
      values.highWater = Checks.share(high, "high-water mark");
      values.lowWater = Checks.share(low, "low-water mark");
      return this;
    }

    /**
     * The share of the pool kept when pressure shrinks it (0.7: shrink by 30 %).
     *
     * @throws IllegalArgumentException if not within (0, 1)
     */
    public Builder shrinkFactor(double factor) {
      values.shrinkFactor = Checks.factor(factor, "shrink factor");
      return this;
    }

    /**
     * Samples in a row below the low-water mark before the pool grows one step.
     *
     * @throws IllegalArgumentException if {@code samples < 1}
     */
    public Builder calmSamples(int samples) {
      values.calmSamples = Checks.atLeastOne(samples, "calm samples");
      return this;
    }

    /**
     * The resources watched (default: all four).
     *
     * @throws IllegalArgumentException if none is given
     */
    public Builder resources(Resource... resources) {
      Objects.requireNonNull(resources, "resources cannot be null");
      if (resources.length == 0) {
        throw new IllegalArgumentException("watch at least one resource, or disable the monitor");
      }
      EnumSet<Resource> set = EnumSet.noneOf(Resource.class);
      for (Resource r : resources) {
        set.add(Objects.requireNonNull(r, "resource cannot be null"));
      }
      values.resources = set;
      return this;
    }

    /** The probe to sample through (default {@code ResourceProbe.withUtilization(oshi())}). */
    public Builder probe(ResourceProbe probe) {
      values.probe = Objects.requireNonNull(probe, "probe cannot be null");
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalStateException if the low-water mark is not below the high-water mark
     */
    public ResourcePressure build() {
      if (values.lowWater >= values.highWater) {
        throw new IllegalStateException("low-water mark (" + values.lowWater
            + ") must be below the high-water mark (" + values.highWater + ")");
      }
      return new ResourcePressure(values.copy());
    }
  }

  /** The settings' fields and their defaults. */
  private static final class Values extends SettingValues<Values> {
    boolean enabled = true;
    Duration interval = DEFAULT_INTERVAL;
    double highWater = DEFAULT_HIGH_WATER;
    double lowWater = DEFAULT_LOW_WATER;
    double shrinkFactor = DEFAULT_SHRINK_FACTOR;
    int calmSamples = DEFAULT_CALM_SAMPLES;
    Set<Resource> resources = EnumSet.allOf(Resource.class);
    ResourceProbe probe; // null: the default, made when a run first needs it

    @Override
    protected void deepen() {
      resources = EnumSet.copyOf(resources);
    }
  }
}
