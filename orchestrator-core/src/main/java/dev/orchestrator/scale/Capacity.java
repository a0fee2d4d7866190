package dev.orchestrator.scale;

import dev.orchestrator.internal.Checks;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceSnapshot;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capacity the scaler plans with: cores, available memory, disk IOPS, network bandwidth, a
 * connection limit and named rate limits, each with where it came from.
 *
 * <p>Any figure may be absent. A capacity the user configures usually names a few figures (the ones
 * they know better than a probe); the scaler fills the rest from its {@link
 * dev.orchestrator.resource.ResourceProbe} with {@link #orElse(Capacity)}. A figure nobody measured
 * or configured stays absent, and the cap that needs it is reported as unknown rather than guessed.
 *
 * <pre>{@code
 * Capacity configured = Capacity.builder()
 *     .diskIops(15_000)
 *     .rateLimit("github-api", RateLimit.parse("5000/h"))
 *     .build();
 * Capacity same = Capacity.parse("iops=15000,rate.github-api=5000/h");
 * }</pre>
 */
public final class Capacity {

  private static final Capacity NONE = new Builder().build();

  private final double cpuCores;
  private final long memoryAvailable;
  private final double diskIops;
  private final long networkBandwidth;
  private final int connectionLimit;
  private final Map<String, RateLimit> rateLimits;
  private final Map<Resource, String> sources;

  private Capacity(double cpuCores, long memoryAvailable, double diskIops, long networkBandwidth,
      int connectionLimit, Map<String, RateLimit> rateLimits, Map<Resource, String> sources) {
    this.cpuCores = cpuCores;
    this.memoryAvailable = memoryAvailable;
    this.diskIops = diskIops;
    this.networkBandwidth = networkBandwidth;
    this.connectionLimit = connectionLimit;
    this.rateLimits = Collections.unmodifiableMap(new TreeMap<>(rateLimits));
    this.sources = Collections.unmodifiableMap(new EnumMap<>(sources));
  }

  /** A builder; every figure set on it counts as configured. */
  public static Builder builder() {
    return new Builder();
  }

  /** The capacity with no figure: everything comes from the probe. */
  public static Capacity none() {
    return NONE;
  }

  /** The figures of a probe's snapshot, with the snapshot's sources. */
  public static Capacity of(ResourceSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot cannot be null");
    Map<Resource, String> sources = new EnumMap<>(Resource.class);
    for (Resource resource : Resource.values()) {
      sources.put(resource, snapshot.source(resource));
    }
    return new Capacity(snapshot.cpuCores(), snapshot.memoryAvailable(),
        snapshot.diskIops().orElse(0), snapshot.networkBandwidth().orElse(0), 0,
        snapshot.rateLimits(), sources);
  }

  /**
   * Parses the command line's form: comma-separated {@code key=value} pairs.
   *
   * <table>
   * <caption>Keys</caption>
   * <tr><td>{@code cpu}</td><td>cores, may be fractional: {@code cpu=2}, {@code cpu=1.5}</td></tr>
   * <tr><td>{@code memoryGb}, {@code memoryMb}, {@code memory}</td><td>available memory: {@code
   * memoryGb=24} (GiB), {@code memory=512m}</td></tr>
   * <tr><td>{@code iops}</td><td>disk operations per second: {@code iops=15000}</td></tr>
   * <tr><td>{@code network}</td><td>bandwidth, bits per second unless suffixed: {@code
   * network=1Gbps}, {@code network=100Mbps}</td></tr>
   * <tr><td>{@code connections}</td><td>the most connections at once: {@code
   * connections=5000}</td></tr>
   * <tr><td>{@code rate.NAME}</td><td>a rate limit: {@code rate.github-api=5000/h}</td></tr>
   * </table>
   *
   * @throws IllegalArgumentException naming the pair, for an unknown key or a bad value
   */
  public static Capacity parse(String text) {
    Objects.requireNonNull(text, "capacity text cannot be null");
    Builder builder = builder();
    if (text.isBlank()) {
      return builder.build();
    }
    for (String pair : text.split(",")) {
      String trimmed = pair.strip();
      int eq = trimmed.indexOf('=');
      if (eq <= 0 || eq == trimmed.length() - 1) {
        throw new IllegalArgumentException(
            "capacity '" + trimmed + "' must be key=value, for example cpu=2 or iops=15000");
      }
      String key = trimmed.substring(0, eq).strip();
      String value = trimmed.substring(eq + 1).strip();
      try {
        apply(builder, key, value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("capacity '" + trimmed + "': not a number: " + value, e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("capacity '" + trimmed + "': " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  private static void apply(Builder builder, String key, String value) {
    if (key.startsWith("rate.")) {
      builder.rateLimit(key.substring(5), RateLimit.parse(value));
      return;
    }
    switch (key.toLowerCase(Locale.ROOT)) {
      case "cpu", "cores" -> builder.cpuCores(Double.parseDouble(value));
      case "memorygb" -> builder.memory(gib(Double.parseDouble(value), 1L << 30));
      case "memorymb" -> builder.memory(gib(Double.parseDouble(value), 1L << 20));
      case "memory" -> builder.memory(bytes(value));
      case "iops" -> builder.diskIops(Double.parseDouble(value.replace("_", "")));
      case "network" -> builder.networkBandwidth(bits(value));
      case "connections" -> builder.connectionLimit(Integer.parseInt(value.replace("_", "")));
      default -> throw new IllegalArgumentException("unknown key '" + key + "'; known keys: cpu,"
          + " memoryGb, memoryMb, memory, iops, network, connections, rate.NAME");
    }
  }

  private static long gib(double amount, long unit) {
    if (!(amount > 0) || Double.isInfinite(amount)) {
      throw new IllegalArgumentException("available memory must be > 0: " + amount);
    }
    return (long) Math.min(Long.MAX_VALUE, amount * unit);
  }

  private static final Pattern SIZE =
      Pattern.compile("([0-9.]+)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE);

  private static long bytes(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("memory '" + text + "' must look like 512m or 24g");
    }
    return gib(Double.parseDouble(m.group(1)), scale(m.group(2), 1024));
  }

  private static final Pattern BITS =
      Pattern.compile("([0-9.]+)\\s*([kmgt]?)(bps|bit/s|b/s)?", Pattern.CASE_INSENSITIVE);

  private static long bits(String text) {
    Matcher m = BITS.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "network '" + text + "' must be bits per second, like 1000000, 100Mbps or 1Gbps");
    }
    double value = Double.parseDouble(m.group(1)) * scale(m.group(2), 1000);
    if (!(value >= 1) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "network bandwidth must be >= 1 bit per second: " + text);
    }
    return (long) Math.min(Long.MAX_VALUE, value);
  }

  private static long scale(String prefix, long base) {
    return switch (prefix.toLowerCase(Locale.ROOT)) {
      case "k" -> base;
      case "m" -> base * base;
      case "g" -> base * base * base;
      case "t" -> base * base * base * base;
      default -> 1;
    };
  }

  /**
   * This capacity with its absent figures taken from {@code fallback}: a configured figure wins
   * over a measured one, and rate limits of both are kept (this one's win on a name clash).
   */
  public Capacity orElse(Capacity fallback) {
    Objects.requireNonNull(fallback, "fallback capacity cannot be null");
    Map<String, RateLimit> limits = new LinkedHashMap<>(fallback.rateLimits);
    limits.putAll(rateLimits);
    Map<Resource, String> merged = new EnumMap<>(Resource.class);
    merged.put(Resource.CPU, cpuCores > 0 ? source(Resource.CPU) : fallback.source(Resource.CPU));
    merged.put(Resource.MEMORY,
        memoryAvailable > 0 ? source(Resource.MEMORY) : fallback.source(Resource.MEMORY));
    merged.put(Resource.DISK, diskIops > 0 ? source(Resource.DISK) : fallback.source(Resource.DISK));
    merged.put(Resource.NETWORK,
        networkBandwidth > 0 ? source(Resource.NETWORK) : fallback.source(Resource.NETWORK));
    return new Capacity(
        cpuCores > 0 ? cpuCores : fallback.cpuCores,
        memoryAvailable > 0 ? memoryAvailable : fallback.memoryAvailable,
        diskIops > 0 ? diskIops : fallback.diskIops,
        networkBandwidth > 0 ? networkBandwidth : fallback.networkBandwidth,
        connectionLimit > 0 ? connectionLimit : fallback.connectionLimit,
        limits, merged);
  }

  /** The resources among {@code wanted} this capacity has no figure for. */
  public Set<Resource> missing(Set<Resource> wanted) {
    Objects.requireNonNull(wanted, "wanted resources cannot be null");
    Set<Resource> missing = EnumSet.noneOf(Resource.class);
    for (Resource resource : wanted) {
      boolean present = switch (resource) {
        case CPU -> cpuCores > 0;
        case MEMORY -> memoryAvailable > 0;
        case DISK -> diskIops > 0;
        case NETWORK -> networkBandwidth > 0;
      };
      if (!present) {
        missing.add(resource);
      }
    }
    return missing;
  }

  /** Cores the process may use. */
  public OptionalDouble cpuCores() {
    return cpuCores > 0 ? OptionalDouble.of(cpuCores) : OptionalDouble.empty();
  }

  /** Memory available to agents, in bytes. */
  public OptionalLong memoryAvailable() {
    return memoryAvailable > 0 ? OptionalLong.of(memoryAvailable) : OptionalLong.empty();
  }

  /** Disk I/O operations per second. */
  public OptionalDouble diskIops() {
    return diskIops > 0 ? OptionalDouble.of(diskIops) : OptionalDouble.empty();
  }

  /** Network bandwidth in bits per second. */
  public OptionalLong networkBandwidth() {
    return networkBandwidth > 0 ? OptionalLong.of(networkBandwidth) : OptionalLong.empty();
  }

  /** The most connections network and deployment tasks may hold at once (configured only). */
  public OptionalInt connectionLimit() {
    return connectionLimit > 0 ? OptionalInt.of(connectionLimit) : OptionalInt.empty();
  }

  /** The configured rate limits, by name (sorted). */
  public Map<String, RateLimit> rateLimits() {
    return rateLimits;
  }

  /** The rate limit of one named service, if configured. */
  public Optional<RateLimit> rateLimit(String name) {
    return Optional.ofNullable(rateLimits.get(Objects.requireNonNull(name, "name cannot be null")));
  }

  /**
   * Where a figure came from: {@code "configured"}, {@code "unknown"}, or the probe's description
   * of its measurement.
   */
  public String source(Resource resource) {
    Objects.requireNonNull(resource, "resource cannot be null");
    return sources.getOrDefault(resource, "unknown");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capacity c && c.cpuCores == cpuCores && c.memoryAvailable == memoryAvailable
        && c.diskIops == diskIops && c.networkBandwidth == networkBandwidth
        && c.connectionLimit == connectionLimit && c.rateLimits.equals(rateLimits)
        && c.sources.equals(sources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cpuCores, memoryAvailable, diskIops, networkBandwidth, connectionLimit,
        rateLimits, sources);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Capacity[");
    String sep = "";
    if (cpuCores > 0) {
      text.append("cpu=").append(cpuCores);
      sep = ", ";
    }
    if (memoryAvailable > 0) {
      text.append(sep).append("memory=").append(memoryAvailable);
      sep = ", ";
    }
    if (diskIops > 0) {
      text.append(sep).append("iops=").append(diskIops);
      sep = ", ";
    }
    if (networkBandwidth > 0) {
      text.append(sep).append("network=").append(networkBandwidth);
      sep = ", ";
    }
    if (connectionLimit > 0) {
      text.append(sep).append("connections=").append(connectionLimit);
      sep = ", ";
    }
    for (Map.Entry<String, RateLimit> limit : rateLimits.entrySet()) {
      text.append(sep).append("rate.").append(limit.getKey()).append('=').append(limit.getValue());
      sep = ", ";
    }
    return text.append(']').toString();
  }

  /**
   * Builds a {@link Capacity} of configured figures. Every setter checks its argument at once; a
   * figure left unset stays absent. Not thread-safe; {@link #build()} copies the state.
   */
  public static final class Builder {
    private double cpuCores;
    private long memoryAvailable;
    private double diskIops;
    private long networkBandwidth;
    private int connectionLimit;
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Cores the process may use.
     *
     * @throws IllegalArgumentException if {@code cores} is not a positive finite number
     */
    public Builder cpuCores(double cores) {
      this.cpuCores = Checks.positiveNumber(cores, "cpu cores");
      return this;
    }

    /**
     * Memory available to agents, in bytes.
     *
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public Builder memory(long bytes) {
      this.memoryAvailable = Checks.positive(bytes, "available memory", "bytes");
      return this;
    }

    /**
     * Disk I/O operations per second; overrides the disk probe.
     *
     * @throws IllegalArgumentException if {@code iops} is not a positive finite number
     */
    public Builder diskIops(double iops) {
      this.diskIops = Checks.positiveNumber(iops, "disk IOPS");
      return this;
    }

    /**
     * Network bandwidth in bits per second; overrides the link speed the probe reads.
     *
     * @throws IllegalArgumentException if {@code bitsPerSecond < 1}
     */
    public Builder networkBandwidth(long bitsPerSecond) {
      this.networkBandwidth =
          Checks.positive(bitsPerSecond, "network bandwidth", "bits per second");
      return this;
    }

    /**
     * The most connections network and deployment tasks may hold at once (a target's limit, a
     * connection pool's size).
     *
     * @throws IllegalArgumentException if {@code connections < 1}
     */
    public Builder connectionLimit(int connections) {
      this.connectionLimit = Checks.atLeastOne(connections, "connection limit");
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

    /** The capacity. */
    public Capacity build() {
      Map<Resource, String> sources = new EnumMap<>(Resource.class);
      sources.put(Resource.CPU, cpuCores > 0 ? "configured" : "unknown");
      sources.put(Resource.MEMORY, memoryAvailable > 0 ? "configured" : "unknown");
      sources.put(Resource.DISK, diskIops > 0 ? "configured" : "unknown");
      sources.put(Resource.NETWORK, networkBandwidth > 0 ? "configured" : "unknown");
      return new Capacity(cpuCores, memoryAvailable, diskIops, networkBandwidth, connectionLimit,
          rateLimits, sources);
    }
  }
}
