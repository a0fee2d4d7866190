package dev.orchestrator.resource;

import dev.orchestrator.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a {@link ResourceProbe} saw at one moment: the capacity of each {@link Resource}, where each
 * figure came from, the rate limits the user configured and, when a monitor sampled them, the share
 * of each resource in use.
 *
 * <p>The same value serves the scaler, which reads capacities once before a run, and the run's
 * resource monitor, which samples utilizations every few seconds. A figure the probe could not
 * measure and nobody configured is absent, never guessed: {@link #diskIops()} and {@link
 * #networkBandwidth()} are optional.
 *
 * <pre>{@code
 * ResourceSnapshot machine = ResourceSnapshot.builder()
 *     .cpuCores(2)
 *     .memory(24L << 30, 20L << 30)
 *     .diskIops(15_000)
 *     .rateLimit("github-api", RateLimit.parse("5000/h"))
 *     .build();
 * }</pre>
 */
public final class ResourceSnapshot {

  private final Instant takenAt;
  private final double cpuCores;
  private final long memoryTotal;
  private final long memoryAvailable;
  private final double diskIops;
  private final long networkBandwidth;
  private final Map<String, RateLimit> rateLimits;
  private final Map<Resource, Double> utilization;
  private final Map<Resource, String> sources;

  private ResourceSnapshot(Builder b) {
    this.takenAt = b.takenAt == null ? Instant.now() : b.takenAt;
    this.cpuCores = b.cpuCores;
    this.memoryTotal = b.memoryTotal;
    this.memoryAvailable = b.memoryAvailable;
    this.diskIops = b.diskIops;
    this.networkBandwidth = b.networkBandwidth;
    this.rateLimits = Collections.unmodifiableMap(new TreeMap<>(b.rateLimits));
    this.utilization = Collections.unmodifiableMap(new EnumMap<>(b.utilization));
    Map<Resource, String> sources = new EnumMap<>(Resource.class);
    sources.put(Resource.CPU, "configured");
    sources.put(Resource.MEMORY, "configured");
    sources.put(Resource.DISK, b.diskIops > 0 ? "configured" : "unknown");
    sources.put(Resource.NETWORK, b.networkBandwidth > 0 ? "configured" : "unknown");
    sources.putAll(b.sources);
    this.sources = Collections.unmodifiableMap(sources);
  }

  /** A builder; {@link Builder#cpuCores(double)} and {@link Builder#memory(long, long)} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this snapshot's figures, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.takenAt = takenAt;
    b.cpuCores = cpuCores;
    b.memoryTotal = memoryTotal;
    b.memoryAvailable = memoryAvailable;
    b.diskIops = diskIops;
    b.networkBandwidth = networkBandwidth;
    b.rateLimits.putAll(rateLimits);
    b.utilization.putAll(utilization);
    b.sources.putAll(sources);
    return b;
  }

  /** When the figures were taken. */
  public Instant takenAt() {
    return takenAt;
  }

  /** The cores this process may use: a cgroup CPU quota when one is set, else the JVM's count. */
  public double cpuCores() {
    return cpuCores;
  }

  /** The memory this process may use in total, in bytes (the cgroup limit when lower). */
  public long memoryTotal() {
    return memoryTotal;
  }

  /** The memory available now, in bytes (cgroup-aware). */
  public long memoryAvailable() {
    return memoryAvailable;
  }

  /** Disk I/O operations per second, if measured or configured. */
  public OptionalDouble diskIops() {
    return diskIops > 0 ? OptionalDouble.of(diskIops) : OptionalDouble.empty();
  }

  /** Network bandwidth in bits per second, if known. */
  public OptionalLong networkBandwidth() {
    return networkBandwidth > 0 ? OptionalLong.of(networkBandwidth) : OptionalLong.empty();
  }

  /** The configured rate limits, by resource name (sorted). */
  public Map<String, RateLimit> rateLimits() {
    return rateLimits;
  }

  /** The rate limit of a named resource, if configured. */
  public Optional<RateLimit> rateLimit(String name) {
    return Optional.ofNullable(rateLimits.get(Objects.requireNonNull(name, "name cannot be null")));
  }

  /** The share of a resource in use (0 to 1), if sampled. */
  public OptionalDouble utilization(Resource resource) {
    Double share = utilization.get(Objects.requireNonNull(resource, "resource cannot be null"));
    return share == null ? OptionalDouble.empty() : OptionalDouble.of(share);
  }

  /** Every sampled utilization. */
  public Map<Resource, Double> utilizations() {
    return utilization;
  }

  /**
   * Where a capacity figure came from: {@code "configured"}, {@code "unknown"}, or a description of
   * the measurement ({@code "measured: cgroup v2 CPU quota 150000/100000 µs"}).
   */
  public String source(Resource resource) {
    return sources.get(Objects.requireNonNull(resource, "resource cannot be null"));
  }

  @Override
  public String toString() {
    return "ResourceSnapshot[cpu=" + cpuCores + ", memory=" + memoryAvailable + "/" + memoryTotal
        + ", diskIops=" + (diskIops > 0 ? diskIops : "unknown") + ", network="
        + (networkBandwidth > 0 ? networkBandwidth : "unknown") + ", rateLimits=" + rateLimits
        + "]";
  }

  /**
   * Builds a {@link ResourceSnapshot}. Every setter checks its argument at once. Not thread-safe;
   * {@link #build()} copies the state.
   */
  public static final class Builder {
    private Instant takenAt;
    private double cpuCores;
    private long memoryTotal = -1;
    private long memoryAvailable = -1;
    private double diskIops;
    private long networkBandwidth;
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
    private final Map<Resource, Double> utilization = new EnumMap<>(Resource.class);
    private final Map<Resource, String> sources = new EnumMap<>(Resource.class);

    private Builder() {}

    /** When the figures were taken (default: when {@link #build()} runs). */
    public Builder takenAt(Instant takenAt) {
      this.takenAt = Objects.requireNonNull(takenAt, "takenAt cannot be null");
      return this;
    }

    /**
     * The cores the process may use.
     *
     * @throws IllegalArgumentException if {@code cores} is not a positive finite number
     */
    public Builder cpuCores(double cores) {
      this.cpuCores = Checks.positiveNumber(cores, "cpu cores");
      return this;
    }

    /**
     * The memory the process may use in total and the part of it available now, in bytes.
     *
     * @throws IllegalArgumentException if {@code total < 1}, {@code available < 0} or {@code
     *     available > total}
     */
    public Builder memory(long total, long available) {
      Checks.positive(total, "total memory", "bytes");
      if (available < 0) {
        throw new IllegalArgumentException("available memory cannot be negative: " + available);
      }
      if (available > total) {
        throw new IllegalArgumentException(
            "available memory (" + available + " bytes) cannot exceed total memory (" + total
                + " bytes)");
      }
      this.memoryTotal = total;
      this.memoryAvailable = available;
      return this;
    }

    /**
     * Disk I/O operations per second.
     *
     * @throws IllegalArgumentException if {@code iops} is not a positive finite number
     */
    public Builder diskIops(double iops) {
      this.diskIops = Checks.positiveNumber(iops, "disk IOPS");
      return this;
    }

    /**
     * Network bandwidth in bits per second.
     *
     * @throws IllegalArgumentException if {@code bitsPerSecond < 1}
     */
    public Builder networkBandwidth(long bitsPerSecond) {
      this.networkBandwidth =
          Checks.positive(bitsPerSecond, "network bandwidth", "bits per second");
      return this;
    }

    /**
     * The rate limit of a named service, for example {@code "github-api"}.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder rateLimit(String name, RateLimit limit) {
      rateLimits.put(Checks.entryName(name, limit, "rate limit"), limit);
      return this;
    }

    /**
     * The share of a resource in use, as a monitor sampled it.
     *
     * @throws IllegalArgumentException if {@code share} is not between 0 and 1
     */
    public Builder utilization(Resource resource, double share) {
      Objects.requireNonNull(resource, "resource cannot be null");
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(
            resource + " utilization must be between 0 and 1: " + share);
      }
      utilization.put(resource, share);
      return this;
    }

    /** Where a figure came from (default {@code "configured"}, or {@code "unknown"} when unset). */
    public Builder source(Resource resource, String source) {
      Objects.requireNonNull(resource, "resource cannot be null");
      Objects.requireNonNull(source, "source cannot be null");
      sources.put(resource, source);
      return this;
    }

    /**
     * The snapshot.
     *
     * @throws IllegalStateException if the cores or the memory were not set
     */
    public ResourceSnapshot build() {
      if (cpuCores == 0) {
        throw new IllegalStateException("a resource snapshot needs cpuCores(...)");
      }
      if (memoryTotal < 0) {
        throw new IllegalStateException("a resource snapshot needs memory(total, available)");
      }
      return new ResourceSnapshot(this);
    }
  }
}
