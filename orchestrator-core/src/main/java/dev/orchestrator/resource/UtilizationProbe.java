package dev.orchestrator.resource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * {@link ResourceProbe#withUtilization(ResourceProbe)}: another probe's snapshot plus the share of
 * each resource in use now, for a run's resource monitor.
 *
 * <ul>
 *   <li>CPU: the share used by <em>other</em> processes, {@code getCpuLoad() - getProcessCpuLoad()}
 *       of the JVM's {@code OperatingSystemMXBean} (the container's figures when the JVM runs in
 *       one). This process's own use never counts as pressure: a run whose agents keep every core
 *       busy is doing what it was scaled for, and shrinking its pool for that would only slow it
 *       down (the scaler already caps CPU-bound task types at the cores);
 *   <li>memory: {@code 1 - available / total} from the capacity snapshot (cgroup-aware);
 *   <li>disk: the busiest disk's share of the time since the previous sample spent on transfers
 *       (OSHI's {@code HWDiskStore.getTransferTime()});
 *   <li>network: the busiest interface's bits sent and received since the previous sample over its
 *       link speed, for interfaces that report a speed.
 * </ul>
 *
 * <p>CPU, disk and network need two samples: the first snapshot has no figure for them. A figure
 * that cannot be measured is absent, never guessed.
 */
final class UtilizationProbe implements ResourceProbe {

  private static final Logger LOG = LoggerFactory.getLogger(UtilizationProbe.class);

  private final ResourceProbe capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private HardwareAbstractionLayer hardware;
  private boolean hardwareFailed;
  private long[] diskBusy; // transfer ms per disk at the previous sample
  private long[] diskStamp;
  private long[] netBytes;
  private long[] netStamp;
  private volatile boolean primed; // the JDK's first CPU load reading is not a measurement yet

  UtilizationProbe(ResourceProbe capacity) {
    this.capacity = capacity;
  }

  @Override
  public ResourceSnapshot snapshot(Set<Resource> wanted) {
    ResourceSnapshot base = capacity.snapshot(wanted);
    ResourceSnapshot.Builder snapshot = base.toBuilder();
    double cpu = cpuLoad();
    boolean measured = primed;
    primed = true;
    if (cpu >= 0 && measured) {
      snapshot.utilization(Resource.CPU, Math.min(1, cpu));
    }
    if (base.utilization(Resource.MEMORY).isEmpty()) {
      snapshot.utilization(Resource.MEMORY,
          Math.max(0, Math.min(1, 1.0 - (double) base.memoryAvailable() / base.memoryTotal())));
    }
    lock.lock();
    try {
      HardwareAbstractionLayer hal = hardware();
      if (hal != null) {
        double disk = diskBusy(hal.getDiskStores());
        if (disk >= 0) {
          snapshot.utilization(Resource.DISK, Math.min(1, disk));
        }
        double network = networkBusy(hal.getNetworkIFs());
        if (network >= 0) {
          snapshot.utilization(Resource.NETWORK, Math.min(1, network));
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("disk or network utilization could not be measured", e);
    } finally {
      lock.unlock();
    }
    return snapshot.build();
  }

  /** The CPU share other processes use, or -1 when the JVM cannot tell. */
  private static double cpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getCpuLoad();
      double own = os.getProcessCpuLoad();
      return Double.isNaN(load) || load < 0 || Double.isNaN(own) || own < 0
          ? -1 : Math.max(0, load - own);
    }
    return -1;
  }

  /** The busiest disk's busy share since the previous call, or -1 on the first call. */
  private double diskBusy(List<HWDiskStore> disks) {
    long[] busy = new long[disks.size()];
    long[] stamp = new long[disks.size()];
    for (int i = 0; i < busy.length; i++) {
      HWDiskStore disk = disks.get(i);
      disk.updateAttributes();
      busy[i] = disk.getTransferTime();
      stamp[i] = disk.getTimeStamp();
    }
    double max = -1;
    if (diskBusy != null && diskBusy.length == busy.length) {
      for (int i = 0; i < busy.length; i++) {
        long elapsed = stamp[i] - diskStamp[i];
        if (elapsed > 0) {
          max = Math.max(max, Math.max(0, busy[i] - diskBusy[i]) / (double) elapsed);
        }
      }
    }
    diskBusy = busy;
    diskStamp = stamp;
    return max;
  }

  /** The busiest interface's share of its link speed since the previous call, or -1. */
  private double networkBusy(List<NetworkIF> interfaces) {
    long[] bytes = new long[interfaces.size()];
    long[] stamp = new long[interfaces.size()];
    for (int i = 0; i < bytes.length; i++) {
      NetworkIF nic = interfaces.get(i);
      nic.updateAttributes();
      bytes[i] = nic.getBytesRecv() + nic.getBytesSent();
      stamp[i] = nic.getTimeStamp();
    }
    double max = -1;
    if (netBytes != null && netBytes.length == bytes.length) {
      for (int i = 0; i < bytes.length; i++) {
        long speed = interfaces.get(i).getSpeed();
        long elapsed = stamp[i] - netStamp[i];
        if (speed > 0 && elapsed > 0) {
          double bitsPerSecond = Math.max(0, bytes[i] - netBytes[i]) * 8.0 * 1000 / elapsed;
          max = Math.max(max, bitsPerSecond / speed);
        }
      }
    }
    netBytes = bytes;
    netStamp = stamp;
    return max;
  }

  private HardwareAbstractionLayer hardware() {
    if (hardware == null && !hardwareFailed) {
      try {
        hardware = new SystemInfo().getHardware();
      } catch (RuntimeException | LinkageError e) {
        hardwareFailed = true;
        LOG.warn("OSHI is not available here: disk and network utilization are not measured", e);
      }
    }
    return hardware;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ResourceProbe.withUtilization(%s)", capacity);
  }
}
