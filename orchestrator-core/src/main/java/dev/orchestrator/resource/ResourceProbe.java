package dev.orchestrator.resource;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Measures what the machine offers. The scaler asks once before it decides; the run's monitor asks
 * every few seconds.
 *
 * <p>Cores and memory are cheap and always measured. Expensive figures are measured only when
 * {@code wanted} names them: the disk probe writes to a temporary directory for a fraction of a
 * second, so the scaler asks for {@link Resource#DISK} only when a plan has file-I/O work and the
 * user configured no IOPS figure.
 *
 * <pre>{@code
 * ResourceProbe probe = ResourceProbe.oshi();                    // the machine, measured
 * ResourceProbe fixed = ResourceProbe.fixed(ResourceSnapshot.builder()
 *     .cpuCores(8).memory(32L << 30, 32L << 30).diskIops(10_000).build());   // for tests
 * }</pre>
 *
 * <p>Implementations must be thread-safe. An implementation may cache what it measured.
 */
@FunctionalInterface
public interface ResourceProbe {

  /**
   * What the machine offers now.
   *
   * @param wanted the expensive figures the caller needs ({@link Resource#DISK}, {@link
   *     Resource#NETWORK}); cores and memory come anyway
   * @return the snapshot, with absent figures where nothing was measured or configured
   */
  ResourceSnapshot snapshot(Set<Resource> wanted);

  /** {@link #snapshot(Set)} with every figure wanted. */
  default ResourceSnapshot snapshot() {
    return snapshot(EnumSet.allOf(Resource.class));
  }

  /** A probe that always returns this snapshot: for tests and for fully configured machines. */
  static ResourceProbe fixed(ResourceSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot cannot be null");
    return new ResourceProbe() {
      @Override
      public ResourceSnapshot snapshot(Set<Resource> wanted) {
        return snapshot;
      }

      @Override
      public String toString() {
        return "ResourceProbe.fixed(" + snapshot + ")";
      }
    };
  }

  /**
   * A probe that adds to {@code capacity}'s snapshots the share of each resource in use now: CPU
   * (the operating environment's recent load), memory, the busiest disk's busy time and the
   * busiest network interface's share of its link speed, the last two measured between
   * consecutive calls. A run's resource monitor samples through it every few seconds.
   *
   * <pre>{@code
   * ResourceProbe monitored = ResourceProbe.withUtilization(ResourceProbe.oshi());
   * double cpu = monitored.snapshot().utilization(Resource.CPU).orElse(0);
   * }</pre>
   */
  static ResourceProbe withUtilization(ResourceProbe capacity) {
    Objects.requireNonNull(capacity, "capacity probe cannot be null");
    return new UtilizationProbe(capacity);
  }

  /**
   * The machine, measured with OSHI: cores from the cgroup CPU quota when one is set, else {@link
   * Runtime#availableProcessors()}; memory from OSHI, lowered to the cgroup limit when one is set;
   * disk IOPS from a short probe in {@code java.io.tmpdir}; network bandwidth from the fastest
   * interface's link speed when it reports one.
   *
   * <p>One shared instance: what it measured once (IOPS, link speed) it keeps for the life of the
   * JVM.
   */
  static ResourceProbe oshi() {
    return OshiResourceProbe.shared();
  }

  /**
   * Like {@link #oshi()}, with the disk probe run in {@code diskProbeDirectory} (put it on the disk
   * the tasks use). A new instance with its own cache.
   *
   * @throws IllegalArgumentException if {@code diskProbeDirectory} is not a directory
   */
  static ResourceProbe oshi(Path diskProbeDirectory) {
    Objects.requireNonNull(diskProbeDirectory, "disk probe directory cannot be null");
    if (!java.nio.file.Files.isDirectory(diskProbeDirectory)) {
      throw new IllegalArgumentException(
          "disk probe directory is not a directory: " + diskProbeDirectory);
    }
    return new OshiResourceProbe(diskProbeDirectory, DiskIopsProbe.DEFAULT_DURATION);
  }
}
