package dev.orchestrator.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The CPU quota and memory limit a Linux cgroup (v1 or v2) puts on this process.
 *
 * <p>The pinned OSHI (6.x) has no cgroup API ({@code OperatingSystem.getCgroupInfo()} arrived in
 * OSHI 7.3, which Maven Central does not serve to this build), so we read the same files OSHI's
 * {@code LinuxCgroupInfo} reads: {@code cpu.max}, {@code memory.max} and {@code memory.current}
 * (v2), {@code cpu.cfs_quota_us}, {@code cpu.cfs_period_us}, {@code memory.limit_in_bytes} and
 * {@code memory.usage_in_bytes} (v1). A limit set on an ancestor group binds too, so every level
 * from the process's group up to the root is read and the lowest limit wins.
 *
 * @param cpuQuota cores the quota allows (quota ÷ period), if a quota is set
 * @param memoryLimit bytes the group may use, if limited
 * @param memoryUsage bytes the group uses now, if readable
 * @param description where the figures came from, for explanations
 */
record CgroupLimits(OptionalDouble cpuQuota, OptionalLong memoryLimit, OptionalLong memoryUsage,
    String description) {

  /** cgroup v1 writes "no limit" as a page-aligned value near {@code Long.MAX_VALUE}. */
  private static final long V1_UNLIMITED = Long.MAX_VALUE - (1L << 20);

  static final CgroupLimits NONE =
      new CgroupLimits(OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), "no cgroup");

  /** The limits of this process, or {@link #NONE} off Linux or when nothing is readable. */
  static CgroupLimits current() {
    return read(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
  }

  /**
   * The limits described by a {@code /proc/self/cgroup} file and a cgroup mount root; separate for
   * tests, which point both at a temporary directory.
   */
  static CgroupLimits read(Path procSelfCgroup, Path root) {
    List<String> lines;
    try {
      lines = Files.readAllLines(procSelfCgroup, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
    String v2Path = null;
    String cpuPath = null;
    String cpuController = null;
    String memoryPath = null;
    for (String line : lines) {
      String[] parts = line.split(":", 3);
      if (parts.length < 3) {
        continue;
      }
      if (parts[0].equals("0") && parts[1].isEmpty()) {
        v2Path = parts[2];
      }
      for (String controller : parts[1].split(",")) {
        if (controller.equals("cpu")) {
          cpuPath = parts[2];
          cpuController = parts[1];
        } else if (controller.equals("memory")) {
          memoryPath = parts[2];
        }
      }
    }
    if (Files.exists(root.resolve("cgroup.controllers")) && v2Path != null) {
      return readV2(root, v2Path);
    }
    return readV1(root, cpuController, cpuPath, memoryPath);
  }

  private static CgroupLimits readV2(Path root, String path) {
    double cpu = Double.NaN;
    long memory = Long.MAX_VALUE;
    long usage = -1;
    for (Path dir : levels(root, path)) {
      String[] max = words(dir.resolve("cpu.max"));
      if (max.length == 2 && !max[0].equals("max")) {
        cpu = min(cpu, quota(max[0], max[1]));
      }
      long limit = number(dir.resolve("memory.max"));
      if (limit > 0) {
        memory = Math.min(memory, limit);
      }
      if (usage < 0) {
        usage = number(dir.resolve("memory.current"));
      }
    }
    return limits(cpu, memory, usage, "cgroup v2");
  }

  private static CgroupLimits readV1(Path root, String cpuController, String cpuPath,
      String memoryPath) {
    double cpu = Double.NaN;
    long memory = Long.MAX_VALUE;
    long usage = -1;
    if (cpuPath != null) {
      Path cpuRoot = root.resolve(cpuController);
      if (!Files.isDirectory(cpuRoot)) {
        cpuRoot = root.resolve("cpu");
      }
      for (Path dir : levels(cpuRoot, cpuPath)) {
        long quota = number(dir.resolve("cpu.cfs_quota_us"));
        long period = number(dir.resolve("cpu.cfs_period_us"));
        if (quota > 0 && period > 0) {
          cpu = min(cpu, (double) quota / period);
        }
      }
    }
    if (memoryPath != null) {
      for (Path dir : levels(root.resolve("memory"), memoryPath)) {
        long limit = number(dir.resolve("memory.limit_in_bytes"));
        if (limit > 0 && limit < V1_UNLIMITED) {
          memory = Math.min(memory, limit);
        }
        if (usage < 0) {
          usage = number(dir.resolve("memory.usage_in_bytes"));
        }
      }
    }
    return limits(cpu, memory, usage, "cgroup v1");
  }

  private static CgroupLimits limits(double cpu, long memory, long usage, String version) {
    return new CgroupLimits(
        Double.isNaN(cpu) ? OptionalDouble.empty() : OptionalDouble.of(cpu),
        memory == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(memory),
        usage < 0 ? OptionalLong.empty() : OptionalLong.of(usage),
        version);
  }

  /**
   * The group's directory and each ancestor's, deepest first. Inside a container the process's
   * path may not exist under the mount (the mount is the container's own root): then the mount
   * root alone.
   */
  private static List<Path> levels(Path root, String path) {
    List<Path> dirs = new ArrayList<>();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    Path dir = relative.isEmpty() ? root : root.resolve(relative);
    if (!Files.isDirectory(dir)) {
      dirs.add(root);
      return dirs;
    }
    while (dir != null && dir.startsWith(root)) {
      dirs.add(dir);
      dir = dir.equals(root) ? null : dir.getParent();
    }
    return dirs;
  }

  private static double quota(String quota, String period) {
    try {
      double p = Double.parseDouble(period);
      return p > 0 ? Double.parseDouble(quota) / p : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double min(double current, double candidate) {
    if (Double.isNaN(candidate) || candidate <= 0) {
      return current;
    }
    return Double.isNaN(current) ? candidate : Math.min(current, candidate);
  }

  private static String[] words(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? new String[0] : text.split("\\s+");
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }

  /** The number in a one-number file; -1 when absent, unreadable or "max". */
  private static long number(Path file) {
    String[] words = words(file);
    if (words.length != 1 || words[0].toLowerCase(Locale.ROOT).equals("max")) {
      return -1;
    }
    try {
      return Long.parseLong(words[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
