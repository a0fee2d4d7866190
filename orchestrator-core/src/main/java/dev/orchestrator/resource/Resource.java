package dev.orchestrator.resource;

import java.util.Locale;

/**
 * The machine resources a snapshot describes. Each has a capacity (what the machine offers) and,
 * when a monitor sampled it, a utilization (the share in use).
 */
public enum Resource {
  /** Cores the process may use; capacity in cores (a cgroup quota may make it fractional). */
  CPU,
  /** Memory; capacity in bytes. */
  MEMORY,
  /** Disk; capacity in I/O operations per second. */
  DISK,
  /** Network; capacity in bits per second. */
  NETWORK;

  /** The name in lower case, as messages, report.json and the journal write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
