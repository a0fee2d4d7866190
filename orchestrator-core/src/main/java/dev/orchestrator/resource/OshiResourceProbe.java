package dev.orchestrator.resource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * {@link ResourceProbe#oshi()}: the machine measured with OSHI, the cgroup files and a short disk
 * probe.
 *
 * <p>Nothing here calls OSHI's {@code getProcessor()} (its first call costs about 200 ms): the cores
 * a process may use are the cgroup quota or {@link Runtime#availableProcessors()}, which already
 * honours CPU sets. The disk probe and the network interface scan run once, the first time a caller
 * wants them, and are kept.
 */
final class OshiResourceProbe implements ResourceProbe {

  private static final Logger LOG = LoggerFactory.getLogger(OshiResourceProbe.class);

  private final Path diskProbeDirectory;
  private final Duration diskProbeDuration;
  private final ReentrantLock lock = new ReentrantLock();
  private HardwareAbstractionLayer hardware;
  private DiskIopsProbe.Result disk;
  private String diskFailure;
  private long networkBandwidth = -1; // -1: not scanned yet; 0: scanned, unknown
  private String networkSource;

  OshiResourceProbe(Path diskProbeDirectory, Duration diskProbeDuration) {
    this.diskProbeDirectory = diskProbeDirectory;
    this.diskProbeDuration = diskProbeDuration;
  }

  static ResourceProbe shared() {
    return Shared.INSTANCE;
  }

  @Override
  public ResourceSnapshot snapshot(Set<Resource> wanted) {
    java.util.Objects.requireNonNull(wanted, "wanted resources cannot be null");
    CgroupLimits cgroup = CgroupLimits.current();
    ResourceSnapshot.Builder snapshot = ResourceSnapshot.builder();
    cpu(snapshot, cgroup);
    lock.lock();
    try {
      memory(snapshot, cgroup);
      if (wanted.contains(Resource.DISK)) {
        disk(snapshot);
      }
      if (wanted.contains(Resource.NETWORK)) {
        network(snapshot);
      }
    } finally {
      lock.unlock();
    }
    return snapshot.build();
  }

  private static void cpu(ResourceSnapshot.Builder snapshot, CgroupLimits cgroup) {
    int available = Runtime.getRuntime().availableProcessors();
    if (cgroup.cpuQuota().isPresent() && cgroup.cpuQuota().getAsDouble() < available) {
      double quota = cgroup.cpuQuota().getAsDouble();
      snapshot.cpuCores(quota).source(Resource.CPU, String.format(Locale.ROOT,
          "measured: %s CPU quota %.2f cores (the JVM sees %d processors)",
          cgroup.description(), quota, available));
    } else {
      snapshot.cpuCores(available).source(Resource.CPU,
          "measured: Runtime.availableProcessors() = " + available
              + (cgroup.cpuQuota().isPresent() ? " (below the " + cgroup.description() + " quota)"
                  : " (no cgroup CPU quota)"));
    }
  }

  private void memory(ResourceSnapshot.Builder snapshot, CgroupLimits cgroup) {
    GlobalMemory memory = hardware().getMemory();
    long total = memory.getTotal();
    long available = memory.getAvailable();
    String source = "measured: OSHI GlobalMemory";
    if (cgroup.memoryLimit().isPresent() && cgroup.memoryLimit().getAsLong() < total) {
      long limit = cgroup.memoryLimit().getAsLong();
      long used = cgroup.memoryUsage().orElse(0);
      total = limit;
      available = Math.max(0, Math.min(available, limit - used));
      source = "measured: " + cgroup.description() + " memory limit " + limit + " bytes, "
          + used + " in use; OSHI GlobalMemory for the host";
    }
    available = Math.min(available, total);
    snapshot.memory(total, available).source(Resource.MEMORY, source)
        .utilization(Resource.MEMORY, 1.0 - (double) available / total);
  }

  private void disk(ResourceSnapshot.Builder snapshot) {
    if (disk == null && diskFailure == null) {
      try {
        disk = DiskIopsProbe.measure(diskProbeDirectory, diskProbeDuration);
        LOG.debug("disk probe: {} IOPS ({})", disk.iops(), disk.description());
      } catch (IOException | RuntimeException e) {
        diskFailure = "unknown: the disk probe in " + diskProbeDirectory + " failed: " + e;
        LOG.warn("disk IOPS probe failed in {}; disk capacity unknown", diskProbeDirectory, e);
      }
    }
    if (disk != null && disk.iops() > 0) {
      snapshot.diskIops(disk.iops()).source(Resource.DISK, disk.description());
    } else {
      snapshot.source(Resource.DISK, diskFailure != null ? diskFailure
          : "unknown: the disk probe completed no write");
    }
  }

  private void network(ResourceSnapshot.Builder snapshot) {
    if (networkBandwidth < 0) {
      long fastest = 0;
      String name = null;
      try {
        for (NetworkIF nic : hardware().getNetworkIFs()) {
          if (nic.getSpeed() > fastest) {
            fastest = nic.getSpeed();
            name = nic.getName();
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("network interface scan failed", e);
      }
      networkBandwidth = fastest;
      networkSource = fastest > 0
          ? "measured: OSHI link speed of " + name + " (" + fastest + " bits/s)"
          : "unknown: no network interface reports a link speed (common on virtual machines);"
              + " configure one";
    }
    if (networkBandwidth > 0) {
      snapshot.networkBandwidth(networkBandwidth);
    }
    snapshot.source(Resource.NETWORK, networkSource);
  }

  private HardwareAbstractionLayer hardware() {
    if (hardware == null) {
      hardware = new SystemInfo().getHardware();
    }
    return hardware;
  }

  @Override
  public String toString() {
    return "ResourceProbe.oshi(disk probe in " + diskProbeDirectory + ")";
  }

  /** The shared instance, made on first use. */
  private static final class Shared {
    static final ResourceProbe INSTANCE = new OshiResourceProbe(
        Path.of(System.getProperty("java.io.tmpdir")), DiskIopsProbe.DEFAULT_DURATION);
  }
}
