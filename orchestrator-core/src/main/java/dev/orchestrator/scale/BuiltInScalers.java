package dev.orchestrator.scale;

import dev.orchestrator.internal.Format;
import dev.orchestrator.resource.RateLimit;
import java.util.Locale;
import java.util.Map;

/** The built-in {@link TaskTypeScaler}s, made by the interface's static factories. */
final class BuiltInScalers {

  private BuiltInScalers() {}

  /** Disk IOPS by Little's law: {@code IOPS × t ÷ ops per task}. */
  record FileIo(double opsPerTask) implements TaskTypeScaler {
    FileIo {
      if (!(opsPerTask > 0) || Double.isInfinite(opsPerTask)) {
        throw new IllegalArgumentException(
            "I/O operations per task must be a positive number: " + opsPerTask);
      }
    }

    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      if (capacity.diskIops().isEmpty()) {
        return AgentCap.unlimited("disk IOPS unknown (" + capacity.source(
                dev.orchestrator.resource.Resource.DISK) + "): not capped by the disk")
            .withWarning(work.type() + ": disk IOPS unknown, so " + Format.count(work.tasks())
                + " file tasks are not capped by the disk; configure it (iops=...)");
      }
      double iops = capacity.diskIops().getAsDouble();
      double seconds = work.averageSeconds();
      double cap = iops * seconds / opsPerTask;
      return AgentCap.of(cap, BindingLimit.DISK_IOPS, String.format(Locale.ROOT,
          "disk %s IOPS × %s per task ÷ %s I/O per task = %s",
          Format.count(Math.round(iops)), Format.duration(work.averageDuration()),
          number(opsPerTask), count(cap)));
    }
  }

  /** A configured rate limit by Little's law: {@code rate × latency}. */
  record ApiCall(String rateLimitName) implements TaskTypeScaler {
    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      Map<String, RateLimit> limits = capacity.rateLimits();
      String name = rateLimitName;
      String why;
      if (name != null) {
        if (!limits.containsKey(name)) {
          return unknownLimit(work, "rate limit '" + name + "' is not configured");
        }
        why = "rate limit '" + name + "'";
      } else if (limits.containsKey(work.type().name())) {
        name = work.type().name();
        why = "rate limit '" + name + "' (named like the task type)";
      } else if (limits.size() == 1) {
        name = limits.keySet().iterator().next();
        why = "rate limit '" + name + "' (the only one configured)";
      } else if (limits.isEmpty()) {
        return unknownLimit(work, "no rate limit is configured");
      } else {
        for (Map.Entry<String, RateLimit> limit : limits.entrySet()) {
          if (name == null || limit.getValue().perSecond() < limits.get(name).perSecond()) {
            name = limit.getKey();
          }
        }
        why = "rate limit '" + name + "' (the strictest of " + limits.size() + " configured)";
        AgentCap cap = littlesLaw(work, limits.get(name), why);
        return cap.withWarning(work.type() + ": " + limits.size() + " rate limits are configured "
            + limits.keySet() + " and none is named '" + work.type() + "'; used the strictest, '"
            + name + "'. Register TaskTypeScaler.apiCall(name) for this type to choose.");
      }
      return littlesLaw(work, limits.get(name), why);
    }

    private static AgentCap unknownLimit(TaskTypeWork work, String what) {
      return AgentCap.unlimited(what + ": calls not capped by a rate")
          .withWarning(work.type() + ": " + what + ", so " + Format.count(work.tasks())
              + " calls are not capped by a rate; configure one (rate.NAME=5000/h)");
    }
  }

  /** A rate the user gave the scaler itself. */
  record FixedRate(RateLimit limit) implements TaskTypeScaler {
    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      return littlesLaw(work, limit, "rate " + limit);
    }
  }

  static AgentCap littlesLaw(TaskTypeWork work, RateLimit limit, String why) {
    double cap = limit.perSecond() * work.averageSeconds();
    return AgentCap.of(cap, BindingLimit.RATE_LIMIT, String.format(Locale.ROOT,
        "%s: %s/s × %s per call = %s (Little's law)", why, number(limit.perSecond()),
        Format.duration(work.averageDuration()), count(cap)));
  }

  /** Cores. */
  enum Computation implements TaskTypeScaler {
    INSTANCE;

    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      if (capacity.cpuCores().isEmpty()) {
        return AgentCap.unlimited("cores unknown: not capped by the CPU")
            .withWarning(work.type() + ": the core count is unknown; configure it (cpu=...)");
      }
      double cores = capacity.cpuCores().getAsDouble();
      return AgentCap.of(cores, BindingLimit.CPU,
          number(cores) + " cores: more threads than cores gain nothing for CPU-bound work");
    }
  }

  /** A connection limit, and bandwidth when a task's share of it is known. */
  record Network(long bitsPerSecondPerTask, BindingLimit limit) implements TaskTypeScaler {
    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      double cap = Double.POSITIVE_INFINITY;
      StringBuilder reason = new StringBuilder();
      if (capacity.connectionLimit().isPresent()) {
        cap = capacity.connectionLimit().getAsInt();
        reason.append("connection limit ").append(Format.count((long) cap));
      }
      if (bitsPerSecondPerTask > 0 && capacity.networkBandwidth().isPresent()) {
        double byBandwidth = (double) capacity.networkBandwidth().getAsLong() / bitsPerSecondPerTask;
        reason.append(reason.length() > 0 ? "; " : "").append("bandwidth ")
            .append(bits(capacity.networkBandwidth().getAsLong())).append(" ÷ ")
            .append(bits(bitsPerSecondPerTask)).append(" per task = ").append(count(byBandwidth));
        cap = Math.min(cap, byBandwidth);
      }
      if (Double.isInfinite(cap)) {
        return AgentCap.unlimited("no connection limit configured: not capped by the network");
      }
      return AgentCap.of(cap, limit, reason.toString());
    }
  }

  /** Overhead under a share of the type's predicted time. */
  record Micro(double maxOverheadShare) implements TaskTypeScaler {
    Micro {
      if (!(maxOverheadShare > 0 && maxOverheadShare < 1)) {
        throw new IllegalArgumentException(
            "maximum overhead share must be between 0 and 1 (exclusive): " + maxOverheadShare);
      }
    }

    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      double totalWork = work.totalWork().toNanos();
      // O(n) ≤ share × (W/n + O(n))  ⟺  n × O(n) ≤ share ÷ (1 − share) × W; n × O(n) grows with n.
      double budget = maxOverheadShare / (1 - maxOverheadShare) * totalWork;
      int lo = 1;
      int hi = work.tasks();
      if (hi * costs.overheadNanos(hi, work.tasks()) <= budget) {
        return AgentCap.unlimited(String.format(Locale.ROOT,
            "overhead stays under %s of the time even with one agent per task",
            Format.percent(maxOverheadShare)));
      }
      while (lo < hi) {
        int mid = (int) (((long) lo + hi + 1) >>> 1);
        if (mid * costs.overheadNanos(mid, work.tasks()) <= budget) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      double overhead = costs.overheadNanos(lo, work.tasks());
      return AgentCap.of(lo, BindingLimit.OVERHEAD, String.format(Locale.ROOT,
          "overhead under %s of the time: at %s agents O = %s against %s of work each",
          Format.percent(maxOverheadShare), Format.count(lo), Format.nanos(Math.round(overhead)),
          Format.nanos(Math.round(totalWork / lo))));
    }
  }

  /** Nothing. */
  enum General implements TaskTypeScaler {
    INSTANCE;

    @Override
    public AgentCap cap(TaskTypeWork work, Capacity capacity, CostModel costs) {
      return AgentCap.unlimited("no resource cap for general work");
    }
  }

  static String number(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Format.count((long) x);
    }
    return x >= 100 ? Format.count(Math.round(x)) : String.format(Locale.ROOT, "%.2f", x);
  }

  static String count(double agents) {
    return agents >= AgentCap.UNLIMITED ? "unlimited"
        : Format.count((long) Math.max(1, Math.floor(agents)));
  }

  static String bits(long bitsPerSecond) {
    return inUnits(bitsPerSecond, 1000, "bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s");
  }

  /**
   * {@code amount} in the largest of {@code units} (each {@code step} times the one before) in
   * which it is at least 1, rounded to one decimal: {@code inUnits(2048, 1024, "B", "KiB")} is
   * {@code "2 KiB"}.
   */
  static String inUnits(long amount, int step, String... units) {
    double value = amount;
    int unit = 0;
    while (value >= step && unit < units.length - 1) {
      value /= step;
      unit++;
    }
    return number(Math.round(value * 10) / 10.0) + " " + units[unit];
  }
}
